package dev.runbook.diag;

import java.util.List;

/**
 * Diagnostics as GitHub Actions workflow commands ({@code ::error file=..,line=..,col=..::message}), which
 * the runner turns into annotations on the pull request's changed lines.
 */
public final class GithubAnnotations {
    private GithubAnnotations() {}

    /** One command line per diagnostic. */
    public static String of(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append("::").append(d.isError() ? "error" : "warning")
                    .append(" file=").append(property(d.position().file()));
            if (d.position().line() > 0) {
                out.append(",line=").append(d.position().line()).append(",col=").append(Math.max(1, d.position().column()));
            }
            out.append(",title=").append(property(d.code()));
            String text = d.hint() == null || d.hint().isBlank() ? d.message() : d.message() + "\nhint: " + d.hint();
            out.append("::").append(data(text)).append('\n');
        }
        return out.toString();
    }

    /** The runner's escaping of a message: %, CR and LF (a raw newline would end the command). */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Property values additionally escape the separators of the property list. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
