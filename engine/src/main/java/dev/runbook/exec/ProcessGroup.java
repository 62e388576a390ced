package dev.runbook.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a shell step's command in a process group of its own that dies with Runbook, even on SIGKILL (issue 13):
 * {@code setsid} gives it a new session and group, {@code setpriv --pdeathsig USR1} has the kernel signal the small
 * {@code /bin/sh} wrapper when Runbook's process ends, and the wrapper then kills its whole group (the command and
 * everything it started). Without it, a killed run's shell child would keep running and a resume could start it a
 * second time beside itself. Where util-linux's {@code setsid} and {@code setpriv} are missing the command runs as a
 * plain child (stop and timeout still kill its tree; a SIGKILL of Runbook does not). Immutable.
 */
final class ProcessGroup {
    /**
     * Waits for the command in the background, so the trap runs at once when the signal comes (a shell runs traps
     * only between commands, and {@code wait} is one that a signal interrupts), and passes its exit status on.
     */
    private static final String WRAPPER = "trap 'kill -KILL 0' USR1; \"$@\" & wait $!";

    private final List<String> prefix;

    private ProcessGroup(List<String> prefix) {
        this.prefix = prefix;
    }

    /** Looks the tools up once on this process's PATH (the step's own PATH may differ; these are Runbook's tools). */
    static ProcessGroup detect() {
        Optional<Path> setsid = onPath("setsid", System.getenv("PATH"));
        Optional<Path> setpriv = onPath("setpriv", System.getenv("PATH"));
        if (setsid.isEmpty() || setpriv.isEmpty() || !Files.isExecutable(Path.of("/bin/sh"))) return new ProcessGroup(null);
        // --wait only matters if setsid had to fork (it never does for a child of the JVM, which leads no group).
        return new ProcessGroup(List.of(setsid.get().toString(), "--wait", setpriv.get().toString(), "--pdeathsig", "USR1",
                "/bin/sh", "-c", WRAPPER, "runbook-shell"));
    }

    /** Whether commands get a group of their own that dies with Runbook. */
    boolean available() {
        return prefix != null;
    }

    /** The argv that runs {@code command} in its own group, or {@code command} itself where that cannot be had. */
    List<String> wrap(List<String> command) {
        if (prefix == null) return command;
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        return argv;
    }

    /**
     * The program {@code command} names, found as starting it directly would (relative to {@code dir} when it has a
     * slash, else on Runbook's own PATH, which is where the JVM looks too), so the wrapper runs the very same file;
     * checked before the wrapper starts, since its shell would turn a missing or non-executable program into an exit
     * code of its own.
     *
     * @throws java.io.IOException saying {@code error=2} (not found) or {@code error=13} (not executable), as a
     *     direct start would
     */
    static String program(String command, Path dir) throws java.io.IOException {
        if (command.contains("/")) {
            Path p = dir.resolve(command);
            if (!Files.exists(p)) throw new java.io.IOException("error=2, No such file or directory");
            if (!Files.isExecutable(p) || Files.isDirectory(p)) throw new java.io.IOException("error=13, Permission denied");
            return command;
        }
        String path = System.getenv("PATH");
        Optional<Path> found = onPath(command, path);
        if (found.isPresent()) return found.get().toString();
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (Files.isRegularFile(Path.of(d.isEmpty() ? "." : d, command))) {
                throw new java.io.IOException("error=13, Permission denied");
            }
        }
        throw new java.io.IOException("error=2, No such file or directory");
    }

    private static Optional<Path> onPath(String command, String path) {
        if (path == null) return Optional.empty();
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
