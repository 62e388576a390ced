package dev.runbook.plan;

import java.util.List;

/**
 * What a reviewer is shown of a plan, decided once and already masked: text, Markdown, the plan report (HTML, JSON, MD)
 * and the JSON plan's step facts all render this, so a fact shown in one format cannot be missing from another.
 * Built by {@link PlanViews#of}. Values are masked but not escaped: each renderer escapes for its own medium.
 */
public record PlanView(String runbookId, String title, String description, List<Fact> header, List<Policy> policies,
                       List<Item> preconditions, List<Item> steps, List<Warning> warnings, String summary) {

    /** One labelled fact ({@code value} null for a flag such as {@code once}). */
    public record Fact(String label, String value) {
        /** "label: value", or the label alone for a flag. */
        public String joined() {
            return value == null ? label : label + ": " + value;
        }
    }

    public record Policy(String name, boolean satisfied, String detail) {}

    /** A lint warning: where, and the message with its hint as {@code rendered}. */
    public record Warning(String position, String message, String rendered) {}

    /** What runs: {@code language} is {@code sql}, {@code sh} or {@code text} (for a code block's highlighting). */
    public record Code(String language, String text) {}

    /** Whether it runs: {@code word} RUN, SKIP or RUN IF, and why (the skip reason, the run-time condition), or null. */
    public record Verdict(String word, String detail) {
        public String joined() {
            return detail == null ? word : word + " (" + detail + ")";
        }
    }

    /**
     * A precondition or step: {@code options} are short settings shown on one line (on failure, retry, expect, ...),
     * {@code facts} are one line each (env values, library-check params, the for_each item, approvers);
     * {@code changesTarget} as {@link PlannedStep#changesTarget()} (false for preconditions).
     */
    public record Item(int index, String id, String title, String description, String kind, String target, Verdict verdict,
                       Code body, List<Fact> options, List<Fact> facts, Rollback rollback, List<String> notes,
                       boolean changesTarget) {
        /** The kind with its target, as "sql on db". */
        public String where() {
            return target == null ? kind : kind + " on " + target;
        }

        /**
         * Every fact besides the id, verdict and bodies, in the text plan's order, as one flat list: what the plan
         * report and the JSON plan carry as {@code details} (the rollback's prefixed "rollback").
         */
        public List<Fact> details() {
            List<Fact> out = new java.util.ArrayList<>();
            if (description != null) out.add(new Fact("description", description));
            out.addAll(options);
            out.addAll(facts);
            if (rollback != null) {
                out.add(new Fact("rollback", rollback.where()));
                rollback.options().forEach(f -> out.add(new Fact("rollback " + f.label(), f.value())));
                rollback.facts().forEach(f -> out.add(new Fact("rollback " + f.label(), f.value())));
            }
            notes.forEach(n -> out.add(new Fact("note", n)));
            return out;
        }
    }

    /** The compensation that would run for a step. */
    public record Rollback(String kind, String target, Code body, List<Fact> options, List<Fact> facts) {
        public String where() {
            return target == null ? kind : kind + " on " + target;
        }
    }
}
