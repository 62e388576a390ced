package dev.runbook.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds statements that destroy data or structure in SQL text, with the line they start on.
 * Comments and string literals are blanked first so they cannot hide or fake a finding.
 */
public final class DestructiveSql {
    /** One destructive statement: what it is and the 1-based line within the SQL text. */
    public record Finding(String what, int line) {}

    private static final Pattern[] RULES = {
        Pattern.compile("\\bDROP\\s+(TABLE|SCHEMA|DATABASE|VIEW|MATERIALIZED\\s+VIEW|INDEX|TYPE|FUNCTION|SEQUENCE)\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("\\bALTER\\s+TABLE\\b[^;]*?\\bDROP\\s+(COLUMN|CONSTRAINT)\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("\\bALTER\\s+TABLE\\b[^;]*?\\bALTER\\s+(COLUMN\\s+)?\\w+\\s+(SET\\s+DATA\\s+)?TYPE\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("\\bTRUNCATE\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("\\b(GRANT|REVOKE)\\b[^;]*\\b(TO|FROM)\\s+PUBLIC\\b", Pattern.CASE_INSENSITIVE),
    };
    private static final Pattern DELETE_OR_UPDATE = Pattern.compile("\\b(DELETE\\s+FROM|UPDATE)\\b[^;]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOLLAR_TAG = Pattern.compile("^\\$[A-Za-z_]*\\$");
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b", Pattern.CASE_INSENSITIVE);

    private DestructiveSql() {}

    public static List<Finding> find(String sql) {
        String text = blank(sql);
        List<Finding> out = new ArrayList<>();
        for (Pattern p : RULES) {
            Matcher m = p.matcher(text);
            while (m.find()) out.add(new Finding(m.group().replaceAll("\\s+", " ").split(" (?=[^ ]*$)")[0].trim()
                    .replaceAll("(?i)^(ALTER TABLE).*?(DROP (COLUMN|CONSTRAINT)|TYPE)$", "$1 ... $2"), lineOf(text, m.start())));
        }
        Matcher m = DELETE_OR_UPDATE.matcher(text);
        while (m.find()) {
            if (!WHERE.matcher(m.group()).find()) {
                String verb = m.group(1).toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
                out.add(new Finding(verb + " without WHERE", lineOf(text, m.start())));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Finding::line));
        return out;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** Replaces comments and quoted text with spaces, keeping newlines so line numbers hold. */
    static String blank(String sql) {
        StringBuilder sb = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') { sb.append(' '); i++; }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (i + 1 < n && sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') { depth++; sb.append("  "); i += 2; }
                    else if (i + 1 < n && sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') { depth--; sb.append("  "); i += 2; }
                    else { sb.append(sql.charAt(i) == '\n' ? '\n' : ' '); i++; }
                } while (i < n && depth > 0);
            } else if (c == '\'') {
                sb.append(' ');
                i++;
                while (i < n) {
                    char q = sql.charAt(i);
                    if (q == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') { sb.append("  "); i += 2; continue; }
                    sb.append(q == '\n' ? '\n' : ' ');
                    i++;
                    if (q == '\'') break;
                }
            } else if (c == '$') {
                Matcher tag = DOLLAR_TAG.matcher(sql.substring(i, Math.min(n, i + 64)));
                if (tag.find()) {
                    String t = tag.group();
                    int end = sql.indexOf(t, i + t.length());
                    int stop = end < 0 ? n : end + t.length();
                    for (; i < stop; i++) sb.append(sql.charAt(i) == '\n' ? '\n' : ' ');
                } else {
                    sb.append(c);
                    i++;
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
