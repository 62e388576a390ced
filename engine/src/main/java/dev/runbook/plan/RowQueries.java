package dev.runbook.plan;

import java.util.List;
import java.util.Map;

/**
 * {@code for_each: {query}}: the rows are read once on a read-only connection when the run is planned, just before it
 * starts (before its lock and preconditions), with every value as text, and journaled as {@code rows/<step>} so a resume repeats over the same rows. Until they are
 * read (a plan without {@code --connect}), the step is planned once with an {@link Unread} item.
 */
public final class RowQueries {
    private RowQueries() {}

    /** Rows one for_each may repeat over: a query that returns more is refused before anything runs. */
    public static final int MAX_ROWS = 1_000;

    /** Journal key of a step's rows. */
    public static String journalKey(String stepId) {
        return "rows/" + stepId;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Rows as the journal keeps them: a JSON array of objects of text. */
    public static String toJson(List<Map<String, Object>> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** Rows read back from the journal ({@link #toJson}). */
    public static List<Map<String, Object>> fromJson(String json) {
        try {
            List<Map<String, Object>> rows = JSON.readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
            return rows.stream().map(java.util.Collections::unmodifiableMap).toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the journaled rows cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** The item of a step planned before its rows were read: which query, on which target. */
    public record Unread(String stepId, String sql, String target) {}

    /** An iteration's key: the row's {@code id} or {@code name} column, else its first column, else its position. */
    static String key(Map<?, ?> row, int index) {
        Object k = row.get("id") != null ? row.get("id") : row.get("name");
        if (k == null && !row.isEmpty()) k = row.values().iterator().next();
        return k != null ? String.valueOf(k) : String.valueOf(index + 1);
    }
}
