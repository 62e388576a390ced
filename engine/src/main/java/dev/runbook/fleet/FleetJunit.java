package dev.runbook.fleet;

/** JUnit XML for CI: one test suite per wave, one test case per target; failed is a failure, not run is skipped. */
final class FleetJunit {
    private FleetJunit() {}

    static String render(FleetIndex index, FleetTotals totals) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int skipped = totals.count(TargetStatus.SKIPPED) + totals.count(TargetStatus.NOT_STARTED)
                + totals.count(TargetStatus.PENDING) + totals.count(TargetStatus.RUNNING);
        sb.append("<testsuites name=\"").append(x("fleet " + index.runbookId() + " " + index.fleetRunId()))
                .append("\" tests=\"").append(totals.targets()).append("\" failures=\"").append(totals.failures())
                .append("\" skipped=\"").append(skipped).append("\" time=\"").append(secs(index.durationMs())).append("\">\n");
        for (FleetTotals.WaveTotals w : totals.waves()) {
            sb.append("  <testsuite name=\"").append(x(w.name())).append("\" tests=\"").append(w.targets())
                    .append("\" failures=\"").append(w.byStatus().getOrDefault(TargetStatus.FAILED, 0)).append("\">\n");
            for (FleetIndex.Entry e : index.targets()) {
                if (!e.wave().equals(w.name())) continue;
                sb.append("    <testcase classname=\"").append(x(index.runbookId() + "." + w.name())).append("\" name=\"")
                        .append(x(e.name())).append("\" time=\"").append(secs(e.durationMs())).append("\">");
                String text = e.summary() != null ? e.summary() : e.note();
                switch (e.status()) {
                    case FAILED -> sb.append("\n      <failure message=\"").append(x(text)).append("\" type=\"exit ")
                            .append(e.exitCode()).append("\">").append(x("run " + e.runId() + "; report " + e.report()
                                    + "; target: " + e.note())).append("</failure>\n    ");
                    case SUCCEEDED -> { }
                    default -> sb.append("\n      <skipped message=\"").append(x(text == null ? e.status().word() : text))
                            .append("\"/>\n    ");
                }
                sb.append("</testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        return sb.append("</testsuites>\n").toString();
    }

    private static String secs(Long ms) {
        return ms == null ? "0" : String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** Escaped for an XML attribute or text, with the characters XML 1.0 cannot hold dropped. */
    static String x(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000 && c <= 0x10FFFF) out.appendCodePoint(c);
                }
            }
        });
        return out.toString();
    }
}
