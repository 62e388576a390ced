package dev.runbook.validate;

import dev.runbook.db.Dialect;
import dev.runbook.db.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Finds statements that destroy data or structure, each with its line and column in the SQL text.
 * The dialect splits the script (so a DROP hidden in a file's third statement is found where it is);
 * JSqlParser classifies each statement; statements it cannot parse (dialect extensions) fall back to a
 * keyword scan over the statement with comments and strings blanked out.
 */
public final class DestructiveSql {
    /** One destructive statement: what it is and where it starts (1-based, within the SQL text). */
    public record Finding(String what, int line, int column) {}

    /** Cheap pre-filter: only statements naming one of these words are parsed at all. */
    private static final Pattern CANDIDATE = Pattern.compile("\\b(DROP|TRUNCATE|DELETE|UPDATE|ALTER|GRANT|REVOKE)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_PARSED_LENGTH = 20_000;
    private static final Pattern[] FALLBACK = {
        Pattern.compile("^\\s*DROP\\s+(TABLE|SCHEMA|DATABASE|VIEW|MATERIALIZED\\s+VIEW|INDEX|TYPE|FUNCTION|SEQUENCE|COLUMN)\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("^\\s*ALTER\\s+TABLE\\b.*?\\bDROP\\s+(COLUMN|CONSTRAINT)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
        Pattern.compile("^\\s*ALTER\\s+TABLE\\b.*?\\bALTER\\s+(COLUMN\\s+)?\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
        Pattern.compile("^\\s*TRUNCATE\\b", Pattern.CASE_INSENSITIVE),
        Pattern.compile("^\\s*(GRANT|REVOKE)\\b.*\\b(TO|FROM)\\s+PUBLIC\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
    };
    private static final Pattern DELETE_OR_UPDATE = Pattern.compile("^\\s*(DELETE\\s+FROM|DELETE|UPDATE)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOLLAR_TAG = Pattern.compile("^\\$[A-Za-z_]*\\$");

    private DestructiveSql() {}

    public static List<Finding> find(String sql, Dialect dialect) {
        List<Finding> out = new ArrayList<>();
        List<SqlStatement> statements;
        try {
            statements = dialect.split(sql);
        } catch (dev.runbook.db.SqlSplitException e) {
            return out; // the semantic checks report the malformed script (RB230); Flyway splits migrations itself
        }
        for (SqlStatement st : statements) {
            String blanked = blank(st.text());
            if (!CANDIDATE.matcher(blanked).find()) continue;
            String what = st.text().length() <= MAX_PARSED_LENGTH ? parsed(st.text()) : null;
            if (what == null) what = scanned(blanked);
            if (what != null && !what.isEmpty()) out.add(new Finding(what, st.line(), st.column()));
        }
        return out;
    }

    /** Classifies with JSqlParser; null when it cannot parse, "" when parsed and harmless. */
    private static String parsed(String statement) {
        Statement st;
        try {
            st = CCJSqlParserUtil.newParser(statement).Statement();
        } catch (Exception | Error e) {
            return null;
        }
        if (st instanceof Drop drop) return "DROP " + drop.getType().toUpperCase(Locale.ROOT);
        if (st instanceof Truncate) return "TRUNCATE";
        if (st instanceof Delete delete) return delete.getWhere() == null ? "DELETE without WHERE" : "";
        if (st instanceof Update update) return update.getWhere() == null ? "UPDATE without WHERE" : "";
        if (st instanceof Grant grant) {
            boolean toPublic = grant.getUsers() != null && grant.getUsers().stream().anyMatch(u -> u.equalsIgnoreCase("PUBLIC"));
            return toPublic ? "GRANT to PUBLIC" : "";
        }
        if (st instanceof Alter alter && alter.getAlterExpressions() != null) {
            for (AlterExpression e : alter.getAlterExpressions()) {
                AlterOperation op = e.getOperation();
                if (op == AlterOperation.DROP || op == AlterOperation.DROP_FOREIGN_KEY || op == AlterOperation.DROP_PRIMARY_KEY
                        || op == AlterOperation.DROP_UNIQUE) {
                    return "ALTER TABLE ... DROP";
                }
                if ((op == AlterOperation.ALTER || op == AlterOperation.MODIFY) && e.getColDataTypeList() != null
                        && !e.getColDataTypeList().isEmpty()) {
                    return "ALTER TABLE ... TYPE";
                }
            }
            return "";
        }
        return "";
    }

    private static String scanned(String blanked) {
        for (Pattern p : FALLBACK) {
            Matcher m = p.matcher(blanked);
            if (m.find()) return m.group().replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT)
                    .replaceAll("^(ALTER TABLE).*?(DROP (COLUMN|CONSTRAINT)|TYPE)$", "$1 ... $2")
                    .replaceAll("^((GRANT|REVOKE)).*$", "$1 to PUBLIC");
        }
        Matcher m = DELETE_OR_UPDATE.matcher(blanked);
        if (m.find() && !WHERE.matcher(blanked).find()) {
            String verb = m.group(1).toUpperCase(Locale.ROOT).startsWith("DELETE") ? "DELETE" : "UPDATE";
            return verb + " without WHERE";
        }
        return null;
    }

    /** Replaces comments and quoted text with spaces, keeping newlines so positions hold. */
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
