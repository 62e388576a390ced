package dev.runbook.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link MigrationRunner#migrate}: the migrations applied in this call (also those before a
 * failure, which stay committed), pending versions before and after, schema versions before and after,
 * the failure if there was one, and the Flyway events that fired (their SQL callbacks ran). Later migrations
 * are never attempted after a failure.
 *
 * @param verified after a failure, {@code applied} was read back from the target's history table; false when the
 *                 table could not be read, so that what the call left committed is not known
 */
public record MigrationResult(List<AppliedMigration> applied, List<String> pendingBefore, List<String> pendingAfter,
                              String schemaVersionBefore, String schemaVersionAfter, MigrationFailure failure,
                              boolean verified, List<String> events) {

    public MigrationResult {
        applied = List.copyOf(applied);
        pendingBefore = List.copyOf(pendingBefore);
        pendingAfter = List.copyOf(pendingAfter);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Versions applied in this call, in order. */
    public List<String> appliedVersions() {
        return applied.stream().map(AppliedMigration::version).toList();
    }

    /**
     * What a {@code migrate} step publishes as {@code steps.<id>.*}: {@code applied} (count), {@code versions},
     * {@code schema_version}, {@code pending}.
     */
    public Map<String, Object> captures() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", applied.size());
        out.put("versions", appliedVersions());
        out.put("schema_version", schemaVersionAfter);
        out.put("pending", pendingAfter);
        return out;
    }

    /** One line per applied migration, for the step's output in the report: version, file, duration. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (AppliedMigration m : applied) {
            sb.append("applied ").append(m.version()).append(' ').append(m.script()).append(" (")
                    .append(m.duration().toMillis()).append(" ms)\n");
        }
        sb.append(summary()).append('\n');
        return sb.toString();
    }

    /** One sentence for the journal and the report. */
    public String summary() {
        String to = schemaVersionAfter == null ? "no version" : "version " + schemaVersionAfter;
        String base = applied.isEmpty() ? "no migration applied, schema at " + to
                : applied.size() + (applied.size() == 1 ? " migration" : " migrations") + " applied ("
                + String.join(", ", appliedVersions()) + "), schema at " + to;
        if (failure != null) return "failed: " + failure.describe() + "; " + base;
        return base + (pendingAfter.isEmpty() ? "" : "; still pending: " + String.join(", ", pendingAfter));
    }
}
