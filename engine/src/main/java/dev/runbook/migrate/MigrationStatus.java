package dev.runbook.migrate;

import java.time.Instant;
import java.util.List;

/**
 * A read-only view of a target's migrations (Flyway's {@code info}): every known migration with its
 * state, the current schema version, which are pending or failed, and what Flyway's validate finds wrong
 * ({@code invalid}, e.g. a checksum mismatch). {@code failure} is set, and the lists empty, when the
 * information could not be read.
 */
public record MigrationStatus(String schemaVersion, List<Entry> migrations, List<String> invalid,
                              MigrationFailure failure) {

    /**
     * One migration as Flyway sees it; {@code state} is Flyway's state name, e.g. {@code Pending}, {@code Success}.
     * {@code installedRank} is its row in the history table (null when it has none), {@code executionMs} how long
     * it took when it was applied.
     */
    public record Entry(String version, String description, String script, String state, boolean pending,
                        boolean failed, Instant installedOn, Integer installedRank, Integer executionMs) {

        /** Its history row says it was applied and committed (not failed, not merely resolved from a file). */
        public boolean committed() {
            return installedRank != null && !pending && !failed;
        }
    }

    public MigrationStatus {
        migrations = List.copyOf(migrations);
        invalid = invalid == null ? List.of() : List.copyOf(invalid);
    }

    public List<String> pendingVersions() {
        return migrations.stream().filter(Entry::pending).map(Entry::version).toList();
    }

    public List<String> failedVersions() {
        return migrations.stream().filter(Entry::failed).map(Entry::version).toList();
    }

    /** True when the status was read and nothing is pending or failed (the {@code migrations} precondition). */
    public boolean upToDate() {
        return failure == null && invalid.isEmpty() && pendingVersions().isEmpty() && failedVersions().isEmpty();
    }

    /** One sentence for a precondition's actual value or a plan. */
    public String summary() {
        if (failure != null) return "cannot read migrations: " + failure.describe();
        String at = schemaVersion == null ? "no version applied" : "schema at version " + schemaVersion;
        List<String> pending = pendingVersions();
        List<String> failed = failedVersions();
        if (pending.isEmpty() && failed.isEmpty() && invalid.isEmpty()) return at + ", nothing pending";
        StringBuilder sb = new StringBuilder(at);
        if (!invalid.isEmpty()) {
            sb.append(", Flyway validate fails, so a run would stop before applying anything: ")
                    .append(String.join("; ", invalid));
        }
        if (!failed.isEmpty()) sb.append(", failed: ").append(String.join(", ", failed));
        if (!pending.isEmpty()) sb.append(", pending: ").append(String.join(", ", pending));
        return sb.toString();
    }
}
