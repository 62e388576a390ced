package dev.runbook.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (Maven writes it), so --version never drifts from the build. */
public final class VersionProvider implements IVersionProvider {
    public static String version() {
        String v = RunbookCli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"runbook " + version(), "Java " + System.getProperty("java.version")};
    }
}
