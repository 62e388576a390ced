package dev.runbook.reports.render;

import java.util.List;

/**
 * The pre-formatted values the HTML template reads; every string here is escaped by the template, so
 * nothing in the view is trusted markup.
 */
final class HtmlView {

    private HtmlView() {
    }

    /** The whole page. */
    record Page(String title, String mode, String watermark, String watermarkNote, String outcomeLabel,
                String outcomeTone, String targetState, List<Fact> facts, List<Chip> counts, List<String> warnings,
                List<Attention> attention, List<Item> items, Rollback rollback, List<Fact> params,
                List<Row> targets, List<Row> files, List<Row> policies, List<Log> logs, String logNote,
                String footer, String script, String scriptHash, boolean plan) {
    }

    /** A label and its value in a fact list. */
    record Fact(String label, String value, boolean code) {
    }

    /** A coloured count such as "3 failed". */
    record Chip(String status, String label, String count) {
    }

    /** A failed or interrupted item listed at the top with a link to its details. */
    record Attention(String anchor, String key, String name, String status, String reason) {
    }

    /** One table row of plain cells. */
    record Row(List<String> cells, String tone) {
    }

    /** One item of the timeline, with its attempts and nested checks. */
    record Item(String anchor, String key, String name, String kind, String status, String statusLabel, boolean open,
                String duration, String bar, String note, String reason, Lines sql, Lines rollbackSql,
                List<Attempt> attempts, Kids kids, List<Fact> details, List<Fact> rollbackDetails) {
    }

    /**
     * Nested checks, wrapped so the template can test for them without a list-index lookup, which would
     * make the first child the context and hide the list itself.
     */
    record Kids(List<Item> items) {
    }

    /** Source text split into lines so CSS counters can number them. */
    record Lines(List<String> lines) {
    }

    /** One attempt; {@code head} is null when the item had a single attempt. */
    record Attempt(String head, String reason, Expectation expectation, String affected, Error error,
                   Table evidence, Output output, List<Fact> captures) {

        /** True when the attempt has nothing to show, so the page can leave it out. */
        boolean blank() {
            return head == null && reason == null && expectation == null && affected == null && error == null
                    && evidence == null && output == null && captures.isEmpty();
        }
    }

    /** Expected next to actual; {@code actualTone} marks a mismatch. */
    record Expectation(String expected, String actual, String actualTone) {
    }

    /** An error as the database or tool reported it. */
    record Error(String message, String sqlState, String position) {
    }

    /** Evidence rows with a note on how many rows there were and whether they were cut. */
    record Table(List<String> columns, List<TableRow> rows, String note) {
    }

    /** One evidence row. */
    record TableRow(List<Cell> cells) {
    }

    /** One evidence cell; SQL NULL is shown distinctly from the text "NULL". */
    record Cell(String text, boolean isNull) {
    }

    /** Output tail of a shell or http step. */
    record Output(String text, boolean truncated) {
    }

    /** The compensation phase. */
    record Rollback(String status, String statusLabel, String reason, String manualAction, List<String> remaining,
                    List<Row> plan, List<Item> items) {
    }

    /** One line of the log tail. */
    record Log(long seq, String ts, String level, String key, String message) {
    }
}
