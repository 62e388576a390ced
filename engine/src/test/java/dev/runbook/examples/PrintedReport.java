package dev.runbook.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTML report printed to A4 by headless Chromium, as an operator's "Print to PDF" would. */
record PrintedReport(int pages, String firstPageText) {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path PDFTOTEXT = Path.of("/usr/bin/pdftotext");

    static boolean possible() {
        return Files.isExecutable(CHROMIUM);
    }

    /** @return the page count, and page 1's text when poppler's pdftotext is installed (else null) */
    static PrintedReport of(Path html, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path pdf = work.resolve("report.pdf");
        run(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + work.resolve("profile"), "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                html.toUri().toString()), work.resolve("chromium.log"));
        // Chromium (Skia) writes one uncompressed "/Type /Page" dictionary per page; "/Type /Pages" is the tree.
        Matcher m = Pattern.compile("/Type\\s*/Page(?![s])").matcher(new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1));
        int pages = 0;
        while (m.find()) pages++;
        String first = null;
        if (Files.isExecutable(PDFTOTEXT)) {
            Path txt = work.resolve("page1.txt");
            run(List.of(PDFTOTEXT.toString(), "-f", "1", "-l", "1", pdf.toString(), txt.toString()), work.resolve("pdftotext.log"));
            first = Files.readString(txt, StandardCharsets.UTF_8);
        }
        return new PrintedReport(pages, first);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in 120 s");
        }
    }
}
