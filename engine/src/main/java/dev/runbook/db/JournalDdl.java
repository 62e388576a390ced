package dev.runbook.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders the journal and its meta table as idempotent DDL for one engine. */
final class JournalDdl {

    private JournalDdl() {
    }

    static List<String> postgres(List<String> tableParts) {
        String table = Identifiers.quote(tableParts, '"', '"');
        String meta = Identifiers.quote(metaParts(tableParts), '"', '"');
        List<String> out = new java.util.ArrayList<>();
        if (tableParts.size() > 1) {
            out.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(List.of(schemaOf(tableParts)), '"', '"'));
        }
        out.addAll(List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (\n" + body(JournalDdl::postgresType, '"', '"') + "\n)",
                "CREATE TABLE IF NOT EXISTS " + meta + " (\n" + metaBody() + "\n)",
                "INSERT INTO " + meta + " (id, schema_version) VALUES (1, " + JournalSchema.VERSION
                        + ") ON CONFLICT (id) DO NOTHING"));
        return List.copyOf(out);
    }

    /** The schema part of a qualified name ({@code db.schema.table} or {@code schema.table}). */
    private static String schemaOf(List<String> tableParts) {
        return tableParts.get(tableParts.size() - 2);
    }

    static List<String> sqlServer(List<String> tableParts) {
        String table = Identifiers.quote(tableParts, '[', ']');
        String meta = Identifiers.quote(metaParts(tableParts), '[', ']');
        List<String> out = new java.util.ArrayList<>();
        if (tableParts.size() > 1) {
            // CREATE SCHEMA must be alone in its batch, hence EXEC.
            String schema = schemaOf(tableParts);
            out.add("IF SCHEMA_ID(" + unicodeLiteral(schema) + ") IS NULL\nEXEC(" + unicodeLiteral("CREATE SCHEMA "
                    + Identifiers.quote(List.of(schema), '[', ']')) + ")");
        }
        out.addAll(List.of(
                "IF OBJECT_ID(" + unicodeLiteral(table) + ", N'U') IS NULL\nCREATE TABLE " + table + " (\n"
                        + body(JournalDdl::sqlServerType, '[', ']') + "\n)",
                "IF OBJECT_ID(" + unicodeLiteral(meta) + ", N'U') IS NULL\nCREATE TABLE " + meta + " (\n"
                        + metaBody() + "\n)",
                "IF NOT EXISTS (SELECT 1 FROM " + meta + ")\nINSERT INTO " + meta
                        + " (id, schema_version) VALUES (1, " + JournalSchema.VERSION + ")"));
        return List.copyOf(out);
    }

    private static String postgresType(JournalSchema.Column column) {
        return switch (column.type()) {
            case VARCHAR -> "varchar(" + column.length() + ")";
            case TIMESTAMP_WITH_ZONE -> "timestamptz";
            case UNBOUNDED_TEXT -> "text";
        };
    }

    /** nvarchar, because mssql-jdbc sends strings as nvarchar and a varchar key would then be scanned. */
    private static String sqlServerType(JournalSchema.Column column) {
        return switch (column.type()) {
            case VARCHAR -> "nvarchar(" + column.length() + ")";
            case TIMESTAMP_WITH_ZONE -> "datetimeoffset";
            case UNBOUNDED_TEXT -> "nvarchar(max)";
        };
    }

    private static String body(Function<JournalSchema.Column, String> typeOf, char open, char close) {
        List<String> lines = new ArrayList<>();
        for (JournalSchema.Column column : JournalSchema.COLUMNS) {
            lines.add("  " + Identifiers.quote(List.of(column.name()), open, close) + " " + typeOf.apply(column)
                    + (column.required() ? " NOT NULL" : " NULL"));
        }
        lines.add("  PRIMARY KEY (" + JournalSchema.PRIMARY_KEY.stream()
                .map(c -> Identifiers.quote(List.of(c), open, close)).collect(Collectors.joining(", ")) + ")");
        lines.add("  CHECK (" + Identifiers.quote(List.of("kind"), open, close) + " IN ("
                + JournalSchema.KINDS.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ")) + "))");
        return String.join(",\n", lines);
    }

    /** The id column with CHECK (id = 1) is what keeps the meta table to a single row. */
    private static String metaBody() {
        return "  id int NOT NULL PRIMARY KEY CHECK (id = 1),\n  schema_version int NOT NULL";
    }

    private static List<String> metaParts(List<String> tableParts) {
        List<String> parts = new ArrayList<>(tableParts);
        int last = parts.size() - 1;
        parts.set(last, parts.get(last) + JournalSchema.META_SUFFIX);
        return parts;
    }

    private static String unicodeLiteral(String value) {
        return "N'" + value.replace("'", "''") + "'";
    }
}
