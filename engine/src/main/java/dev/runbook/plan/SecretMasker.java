package dev.runbook.plan;

import dev.runbook.db.Redactor;
import dev.runbook.db.UrlCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every known secret (and its URL-encoded and SQL-quoted forms) with {@code ******}, then masks what has the
 * shape of a secret ({@link Redactor#redactUrl}: URL passwords, password/secret/token properties). Applied to every
 * line the tool prints, logs or reports.
 */
public final class SecretMasker {
    public static final String MASK = Redactor.MASK;

    private final List<String> secrets;

    public SecretMasker(Iterable<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            // Any length: a short secret printed in clear is still a secret printed (RB313 warns that it is weak).
            if (s == null || s.isEmpty()) continue;
            all.add(s);
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            all.add(UrlCodec.percentEncode(s));
            // As quoted into SQL by :'name' / :"name": quotes doubled, backslashes doubled in E'' literals.
            all.add(s.replace("'", "''"));
            all.add(s.replace("\\", "\\\\").replace("'", "''"));
            all.add(s.replace("\"", "\"\""));
            all.add(s.replace("]", "]]"));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : secrets) if (out.contains(s)) out = out.replace(s, MASK);
        return Redactor.redactUrl(out);
    }
}
