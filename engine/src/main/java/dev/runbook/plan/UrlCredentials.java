package dev.runbook.plan;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and removes credentials inside connection URLs (user:pass@ and password= properties). */
final class UrlCredentials {
    private static final Pattern USERINFO = Pattern.compile("://([^/@\\s:]+):([^@\\s/]+)@");
    private static final Pattern PROPERTY = Pattern.compile("(?i)(?:password|pwd)=([^;&\\s]+)");

    private UrlCredentials() {}

    static List<String> secretsIn(String url) {
        List<String> out = new ArrayList<>();
        if (url == null) return out;
        Matcher m = USERINFO.matcher(url);
        while (m.find()) {
            out.add(m.group(2));
            out.add(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        Matcher p = PROPERTY.matcher(url);
        while (p.find()) out.add(p.group(1));
        if (!out.isEmpty()) out.add(url);
        return out;
    }

    static String redact(String url) {
        if (url == null) return null;
        String out = USERINFO.matcher(url).replaceAll("://$1@");
        return PROPERTY.matcher(out).replaceAll("password=******");
    }
}
