package dev.runbook.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The HTML fleet report: one self-contained page (no external assets; its Content-Security-Policy admits only its
 * own script, by hash) with the totals, the waves, and a table of targets that sorts by any column and filters by
 * text and status.
 */
final class FleetHtml {
    private FleetHtml() {}

    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('targets');
              var body = table.tBodies[0];
              var text = document.getElementById('filter');
              var status = document.getElementById('status');
              var shown = document.getElementById('shown');
              function filter() {
                var q = text.value.toLowerCase(), s = status.value, n = 0;
                Array.prototype.forEach.call(body.rows, function (r) {
                  var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!s || r.dataset.status === s);
                  r.hidden = !ok;
                  if (ok) n++;
                });
                shown.textContent = n + ' of ' + body.rows.length + ' targets shown';
              }
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
                th.addEventListener('click', function () {
                  var asc = th.getAttribute('aria-sort') !== 'ascending';
                  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
                  th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[col].dataset.sort || a.cells[col].textContent;
                    var y = b.cells[col].dataset.sort || b.cells[col].textContent;
                    var nx = parseFloat(x), ny = parseFloat(y);
                    var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                    return asc ? c : -c;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              // A link may carry a filter: fleet-report.html#status=failed or #q=eu
              var m = /[#&]status=([a-z_]+)/.exec(location.hash);
              if (m) status.value = m[1];
              var q = /[#&]q=([^&]*)/.exec(location.hash);
              if (q) text.value = decodeURIComponent(q[1]);
              text.addEventListener('input', filter);
              status.addEventListener('change', filter);
              filter();
            })();
            """;

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.4em;margin:0 0 .3em}
            .banner{padding:.6em 1em;border-radius:4px;font-weight:bold;margin:.5em 0;color:#fff}
            .ok{background:#2e7d32}.bad{background:#c62828}.warn{background:#ef6c00}
            dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
            table{border-collapse:collapse;margin:.8em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
            th{background:#f2f2f2;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" \\25B2"}
            th[aria-sort=descending]::after{content:" \\25BC"}
            tr[data-status=failed] td.st{color:#c62828;font-weight:bold}tr[data-status=succeeded] td.st{color:#2e7d32}
            tr[data-status=not_started] td.st,tr[data-status=skipped] td.st{color:#777}
            td{white-space:nowrap}td:last-child{white-space:normal}
            .tools{margin-top:1em}.tools input{width:18em}code{font-size:.9em}
            """;

    static String render(FleetIndex index, FleetTotals totals) {
        String hash = "sha256-" + Base64.getEncoder().encodeToString(sha256(SCRIPT));
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        sb.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '")
                .append(hash).append("'\">\n<title>Fleet ").append(h(index.runbookId())).append(' ').append(h(index.fleetRunId()))
                .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        String outcome = outcome(index, totals);
        String css = outcome.equals("SUCCEEDED") ? "ok" : outcome.equals("RUNNING") ? "warn" : "bad";
        sb.append("<h1>Fleet run <code>").append(h(index.fleetRunId())).append("</code>: ").append(h(index.runbookId()))
                .append("</h1>\n<div id=\"outcome\" class=\"banner ").append(css).append("\"><span class=\"outcome\">")
                .append(outcome).append("</span> (exit ").append(index.exitCode() == null ? "-" : index.exitCode()).append(")");
        if (index.stopped() != null) sb.append(" &middot; <span id=\"stopped\">").append(h(index.stopped())).append("</span>");
        sb.append("</div>\n<dl id=\"facts\">");
        fact(sb, "runbook", index.runbookFile());
        fact(sb, "environment", index.environment());
        fact(sb, "fleet file", index.fleetFile());
        fact(sb, "fleet hash", index.fleetHash());
        fact(sb, "shard", index.shard());
        fact(sb, "rollout", index.rollout());
        fact(sb, "started", index.started());
        fact(sb, "duration", index.durationMs() == null ? null : seconds(index.durationMs()));
        StringBuilder counts = new StringBuilder().append(totals.targets()).append(" targets");
        for (TargetStatus s : TargetStatus.values()) {
            if (totals.count(s) > 0) counts.append(", ").append(totals.count(s)).append(' ').append(s.word().replace('_', ' '));
        }
        fact(sb, "totals", counts.toString());
        sb.append("<dt>error budget</dt><dd id=\"budget\">").append(totals.failures()).append(" failed of ")
                .append(totals.budget()).append(" allowed (--max-errors ").append(h(totals.budgetWritten())).append(")</dd>");
        sb.append("</dl>\n<h2>Waves</h2>\n<table id=\"waves\"><thead><tr><th>wave</th><th>targets</th><th>succeeded</th>"
                + "<th>failed</th><th>not started</th><th>skipped</th></tr></thead><tbody>\n");
        for (FleetTotals.WaveTotals w : totals.waves()) {
            sb.append("<tr><td>").append(h(w.name())).append("</td><td>").append(w.targets()).append("</td>");
            for (TargetStatus s : new TargetStatus[] {TargetStatus.SUCCEEDED, TargetStatus.FAILED, TargetStatus.NOT_STARTED,
                    TargetStatus.SKIPPED}) {
                sb.append("<td>").append(w.byStatus().getOrDefault(s, 0)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n<h2>Targets</h2>\n<div class=\"tools\"><input id=\"filter\" type=\"search\" "
                + "placeholder=\"filter: name, label, run id...\" aria-label=\"filter targets\"> <select id=\"status\" "
                + "aria-label=\"status\"><option value=\"\">every status</option>");
        for (TargetStatus s : TargetStatus.values()) {
            sb.append("<option value=\"").append(s.word()).append("\">").append(s.word().replace('_', ' ')).append("</option>");
        }
        sb.append("</select> <span id=\"shown\"></span></div>\n<table id=\"targets\"><thead><tr><th>#</th><th>target</th>"
                + "<th>labels</th><th>wave</th><th>status</th><th>exit</th><th>duration</th><th>run id</th><th>report</th>"
                + "<th>summary</th></tr></thead><tbody>\n");
        for (FleetIndex.Entry e : index.targets()) {
            sb.append("<tr data-status=\"").append(e.status().word()).append("\"><td>").append(e.ordinal() + 1)
                    .append("</td><td>").append(h(e.name())).append("</td><td>")
                    .append(h(e.labels() == null ? "" : String.join(" ", e.labels()))).append("</td><td data-sort=\"")
                    .append(e.waveIndex()).append("\">").append(h(e.wave())).append("</td><td class=\"st\">")
                    .append(e.status().word().replace('_', ' ')).append("</td><td>")
                    .append(e.exitCode() == null ? "" : e.exitCode()).append("</td><td data-sort=\"")
                    .append(e.durationMs() == null ? -1 : e.durationMs()).append("\">")
                    .append(e.durationMs() == null ? "" : seconds(e.durationMs())).append("</td><td><code>")
                    .append(h(e.runId())).append("</code></td><td>");
            if (e.report() != null) sb.append("<a href=\"").append(h(e.report())).append("\">report</a>");
            sb.append("</td><td>").append(h(e.summary() != null ? e.summary() : e.note())).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    /** The fleet's word: SUCCEEDED only when every target of it succeeded or was skipped on purpose. */
    static String outcome(FleetIndex index, FleetTotals totals) {
        if (index.finished() == null) return "RUNNING";
        if (totals.failures() > 0) return "FAILED";
        if (totals.count(TargetStatus.NOT_STARTED) > 0 || totals.count(TargetStatus.PENDING) > 0) return "INCOMPLETE";
        return "SUCCEEDED";
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void fact(StringBuilder sb, String name, String value) {
        if (value != null) sb.append("<dt>").append(name).append("</dt><dd>").append(h(value)).append("</dd>");
    }

    static String h(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
