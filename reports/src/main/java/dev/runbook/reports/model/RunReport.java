package dev.runbook.reports.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a change record shows about one run (or one plan), built only from its event log.
 *
 * @param startedAt   time of {@code run.started}
 * @param finishedAt  time of {@code run.finished}, or of the last complete event when the run was interrupted
 * @param exitCode    the process exit code, or null when the log ends without {@code run.finished}
 * @param complete    true when the log ends with {@code run.finished}
 * @param items       top-level items in the order they were planned or met: preconditions, steps, rollbacks
 * @param rollback    the compensation phase, or null when none started
 * @param logTail     the last {@link #LOG_TAIL_LIMIT} log events
 * @param logTotal    how many log events the run wrote in all
 * @param lastSeq     {@code seq} of the last complete event
 * @param warnings    things a reader must notice: a skipped broken last line, unsatisfied policies of a plan
 */
public record RunReport(RunHeader run, Instant startedAt, Instant finishedAt, Outcome outcome, Integer exitCode,
                        long durationMs, String targetState, boolean complete, List<ReportItem> items,
                        RollbackPhase rollback, Counts counts, List<LogEntry> logTail, int logTotal,
                        long lastSeq, List<String> warnings) {

    /** How many log events a report keeps, so a chatty run cannot bloat its report. */
    public static final int LOG_TAIL_LIMIT = 200;

    public RunReport {
        items = Copies.list(items);
        logTail = Copies.list(logTail);
        warnings = Copies.list(warnings);
    }

    /**
     * A plan (dry-run) report: nothing was executed, each item says whether it would run and why not.
     *
     * @param header        the run header the engine would write; its mode is set to {@link Mode#PLAN}
     * @param items         planned items in order; checks name their step in {@code parent}
     * @param policyWarnings policy problems the operator must see before running for real
     * @param plannedAt     when the plan was made
     */
    public static RunReport plan(RunHeader header, List<PlannedItem> items, List<String> policyWarnings,
                                 Instant plannedAt) {
        return PlanReportFactory.build(header, items, policyWarnings, plannedAt);
    }

    /** True for a dry-run plan report. */
    public boolean planOnly() {
        return run.mode() == Mode.PLAN;
    }

    /** All items depth-first, checks right after their step. */
    public List<ReportItem> flattened() {
        List<ReportItem> all = new ArrayList<>();
        flatten(items, all);
        return all;
    }

    /** The item with this key, searched depth-first. */
    public Optional<ReportItem> itemByKey(String key) {
        return flattened().stream().filter(item -> item.key().equals(key)).findFirst();
    }

    private static void flatten(List<ReportItem> items, List<ReportItem> into) {
        for (ReportItem item : items) {
            into.add(item);
            flatten(item.children(), into);
        }
    }
}
