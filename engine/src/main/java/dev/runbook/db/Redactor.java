package dev.runbook.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords and other secrets from connection URLs and from any text that may quote one, such
 * as a driver's error message, before it is shown, logged or written to the event log. It knows secrets by
 * their shape (a URL's user info, a key naming a password, secret or token); {@code plan.SecretMasker} masks the
 * values a run knows to be secret and then calls this, so the shapes are decided here only.
 */
public final class Redactor {

    /** What a removed secret is replaced with, the same mask the event log uses. */
    public static final String MASK = "******";

    private static final String SECRET_KEY =
            "[A-Za-z0-9_.\\-]*(?:password|passwd|pwd|secret|token|api_?key|private_?key|access_?key)[A-Za-z0-9_.\\-]*";
    private static final Pattern SECRET_KEY_PATTERN = Pattern.compile(SECRET_KEY, Pattern.CASE_INSENSITIVE);

    // ;-separated properties (jdbc:sqlserver, ODBC): the value runs to the next ';' unless it is {braced}.
    private static final Pattern PROPERTY_SECRET = Pattern.compile(
            "((?:^|;)\\s*" + SECRET_KEY + "\\s*=\\s*)(\\{(?:[^}]|\\}\\})*\\}|[^;]*)", Pattern.CASE_INSENSITIVE);

    // URL query parameters (?password=..&), and key=value written loose in a message.
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "((?:[?&]|(?<=\\s)|^)" + SECRET_KEY + "=)([^&#;\\s]*)", Pattern.CASE_INSENSITIVE);

    private static final Pattern HOST_LIST = Pattern.compile(
            "(?:[^:,\\[\\]]*|\\[[^\\]]*\\])(?::\\d*)?(?:,(?:[^:,\\[\\]]*|\\[[^\\]]*\\])(?::\\d*)?)*");

    private Redactor() {
    }

    /**
     * The text with every password it can recognise masked: {@code scheme://user:PASS@host},
     * {@code ;password=PASS;} (also {@code {braced}}), {@code ?password=PASS&}, {@code pwd=PASS}, and any
     * key naming a password, secret or token. User names and hosts are kept.
     */
    public static String redactUrl(String text) {
        // Every shape below needs "://" or '=': most texts (step names, SQL without credentials) have neither.
        if (text == null || text.isEmpty() || text.indexOf('=') < 0 && !text.contains("://")) {
            return text;
        }
        String result = text.contains("://") ? redactUserInfo(text) : text;
        if (result.indexOf('=') < 0 || !mayNameASecret(result)) return result;
        result = replaceValues(PROPERTY_SECRET, result);
        return replaceValues(QUERY_SECRET, result);
    }

    /** Whether the text holds a word every {@link #SECRET_KEY} holds (pass, pwd, secret, token, key), in any case. */
    private static boolean mayNameASecret(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.contains("pass") || t.contains("pwd") || t.contains("secret") || t.contains("token") || t.contains("key");
    }

    /**
     * Whether a connection property, query parameter or environment variable with this name holds a secret
     * ({@code PGPASSWORD}, {@code API_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}).
     */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY_PATTERN.matcher(key).matches();
    }

    private static String replaceValues(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2).isEmpty() ? m.group() : m.group(1) + MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Masks the password of every {@code scheme://user:password@} in the text. */
    private static String redactUserInfo(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        int scheme;
        while ((scheme = text.indexOf("://", from)) >= 0) {
            int start = scheme + 3;
            int spanEnd = start;
            while (spanEnd < text.length() && !Character.isWhitespace(text.charAt(spanEnd))) {
                spanEnd++;
            }
            int at = userInfoEnd(text, start, spanEnd);
            int colon = at < 0 ? -1 : text.indexOf(':', start);
            if (colon >= 0 && colon < at && at > colon + 1) {
                out.append(text, copied, colon + 1).append(MASK);
                copied = at;
            }
            from = Math.max(start, at < 0 ? start : at);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Index of the '@' ending the user info after {@code start}, or -1. Normally the last '@' before the
     * path, query or first {@code ;} property; when the authority is not a plain host list (a raw '/',
     * '?', '#' or ';' inside a password cut it short), the first '@' after it.
     */
    private static int userInfoEnd(String text, int start, int spanEnd) {
        int authorityEnd = start;
        while (authorityEnd < spanEnd && "/?#;".indexOf(text.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at >= start) {
            return at;
        }
        if (HOST_LIST.matcher(text).region(start, authorityEnd).matches()) {
            return -1;
        }
        at = text.indexOf('@', authorityEnd);
        return at >= 0 && at < spanEnd ? at : -1;
    }
}
