package dev.runbook.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces every secret of a plan (and its URL-encoded forms) with {@code ******}, and passwords inside
 * anything that looks like a connection URL, in text and in nested maps and lists. Immutable, thread-safe.
 */
public final class SecretMasker {
    public static final String MASK = "******";
    /** Shorter values would mask ordinary words and digits all over the output. */
    static final int MIN_SECRET_LENGTH = 4;
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:]+:)([^@\\s/]+)(@)");
    private static final Pattern PROPERTY_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)([^;&\\s]+)");

    private final List<String> secrets;

    public SecretMasker(Iterable<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.length() < MIN_SECRET_LENGTH) continue;
            all.add(s);
            String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
            all.add(encoded);
            all.add(encoded.replace("+", "%20"));
        }
        List<String> sorted = new ArrayList<>(all);
        // Longest first, so a secret that contains another is masked whole.
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
        if (out.indexOf("://") >= 0) out = URL_PASSWORD.matcher(out).replaceAll("$1" + MASK + "$3");
        if (out.indexOf('=') >= 0) out = PROPERTY_PASSWORD.matcher(out).replaceAll("$1" + MASK);
        return out;
    }

    /** Masks every string inside maps, lists and strings; other values are returned as they are. */
    public Object maskDeep(Object value) {
        if (value instanceof String s) return mask(s);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(mask(String.valueOf(k)), maskDeep(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(maskDeep(o));
            return out;
        }
        return value;
    }
}
