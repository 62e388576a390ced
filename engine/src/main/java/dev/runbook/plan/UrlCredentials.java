package dev.runbook.plan;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the credentials inside connection URLs (user:pass@ and password= properties) so they can be masked. */
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
}
