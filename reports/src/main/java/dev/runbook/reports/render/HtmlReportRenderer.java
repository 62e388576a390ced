package dev.runbook.reports.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.runbook.reports.model.JsonMapping;
import dev.runbook.reports.model.RunReport;
import dev.runbook.reports.text.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Writes one self-contained HTML page (inline CSS, one hashed inline script, no external references)
 * for people and auditors; every value from the run is HTML-escaped by the template.
 */
public final class HtmlReportRenderer implements Renderer {

    private static final String BASE = "/dev/runbook/reports/html/";

    private final Template template;
    private final String css;
    private final String script;
    private final String scriptHash;
    private final ObjectMapper mapper = JsonMapping.newMapper();

    /** Compiles the bundled templates; reuse one renderer for many reports. */
    public HtmlReportRenderer() {
        Mustache.Compiler compiler = Mustache.compiler()
                // Escaping stays on (the jmustache default); null renders as nothing, "" counts as false.
                // HTML-escaped, and control characters (terminal escapes in shell output) shown as \x1b, not raw.
                .withEscaper(text -> com.samskivert.mustache.Escapers.HTML.escape(Printable.text(text)))
                .nullValue("")
                .emptyStringIsFalse(true)
                .withLoader(name -> reader(name + ".mustache"));
        try (Reader page = reader("report.html.mustache")) {
            this.template = compiler.compile(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.css = text("report.css");
        this.script = text("report.js").strip();
        // The page's Content-Security-Policy admits exactly this script, so injected markup could not run.
        this.scriptHash = "sha256-" + Base64.getEncoder().encodeToString(sha256(script));
    }

    @Override
    public void render(RunReport report, Writer out) throws IOException {
        HtmlView.Page page = new HtmlPageBuilder(report, mapper).build(script, scriptHash);
        template.execute(page, Map.of("css", css), out);
        out.flush();
    }

    private static Reader reader(String name) {
        InputStream in = HtmlReportRenderer.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException("missing report template resource " + BASE + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String text(String name) {
        try (InputStream in = HtmlReportRenderer.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing report resource " + BASE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
