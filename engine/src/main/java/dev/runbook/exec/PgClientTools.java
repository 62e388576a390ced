package dev.runbook.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The major version of the PostgreSQL client tools on PATH, as a backup step would run them. */
public final class PgClientTools {
    private static final Pattern VERSION = Pattern.compile("\\)\\s+(\\d+)(?:\\.|\\s|beta|rc|devel)");

    private PgClientTools() {}

    /**
     * The lower of pg_dump's and pg_restore's majors (a dump needs both to work), or empty when either is
     * missing: then no backup with them can run and nothing needs matching.
     */
    public static OptionalInt major() {
        OptionalInt dump = major("pg_dump");
        OptionalInt restore = major("pg_restore");
        if (dump.isEmpty() || restore.isEmpty()) return OptionalInt.empty();
        return OptionalInt.of(Math.min(dump.getAsInt(), restore.getAsInt()));
    }

    static OptionalInt major(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return OptionalInt.empty();
            return parse(out);
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The major of a {@code pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)} line. */
    static OptionalInt parse(String versionLine) {
        Matcher m = VERSION.matcher(versionLine);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
