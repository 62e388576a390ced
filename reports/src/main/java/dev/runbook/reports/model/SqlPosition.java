package dev.runbook.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the SQL a database error points, as people read it: 1-based line and column of the script the
 * step ran (the statement's own place in the script counted), the same shape in the log and every report.
 * {@code column} is null when only the line is known (Flyway names the line of a migration file).
 */
public record SqlPosition(int line, Integer column) {
    private static final Pattern TEXT = Pattern.compile("line (\\d+)(?:, column (\\d+))?");

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public SqlPosition(@JsonProperty("line") int line, @JsonProperty("column") Integer column) {
        if (line < 1 || (column != null && column < 1)) {
            throw new IllegalArgumentException("line and column count from 1, not " + line + ":" + column);
        }
        this.line = line;
        this.column = column;
    }

    /**
     * Reads the text form too, as engines before the event schema wrote it ({@code "line 1, column 8"}), so the
     * run folders they left (reports missing, see issue 12) can be rendered now.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SqlPosition parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a position: '" + text + "' (expected {line, column})");
        }
        return new SqlPosition(Integer.parseInt(m.group(1)), m.group(2) == null ? null : Integer.valueOf(m.group(2)));
    }

    /** The words a message or a report uses, e.g. {@code line 1, column 8}. */
    public String text() {
        return "line " + line + (column == null ? "" : ", column " + column);
    }
}
