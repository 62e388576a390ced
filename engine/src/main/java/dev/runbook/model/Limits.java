package dev.runbook.model;

import java.time.Duration;

/**
 * Every bound Runbook puts on its input, in one place: dsl-schema/REFERENCE.md documents these values
 * and the checks that enforce them read them from here (tested at the limit and one past it).
 */
public final class Limits {
    private Limits() {}

    /** A runbook (or an include fragment) file: people review it, so anything larger is a mistake or an attack. */
    public static final long MAX_RUNBOOK_BYTES = 1024L * 1024;
    /** YAML anchors referenced per document. */
    public static final int MAX_ALIASES = 50;
    /** Nesting of YAML mappings and sequences. */
    public static final int MAX_YAML_DEPTH = 40;
    /** YAML nodes after alias expansion, which is what an alias bomb inflates. */
    public static final int MAX_YAML_NODES = 200_000;

    /** Characters in one expression (a when:, expect:, bind: value, or one ${...} of a template). */
    public static final int MAX_EXPRESSION_LENGTH = 2_000;
    /** Brackets, unary operators and ternaries nested in one expression (the JEXL parser recurses on each). */
    public static final int MAX_EXPRESSION_DEPTH = 32;
    /** Characters in a string an expression builds (repeat, replace, +): beyond it the evaluation fails. */
    public static final int MAX_EXPRESSION_STRING = 1_000_000;
    /** Time one evaluation of an expression or template may take. */
    public static final Duration EXPRESSION_TIMEOUT = Duration.ofSeconds(2);

    /** A secret shorter than this is masked all the same, with a lint warning (RB313) that it is weak. */
    public static final int MIN_SECRET_LENGTH = 8;

    /** Characters of a step's SQL shown inline in a report; the whole script is a file beside the report. */
    public static final int SQL_EXCERPT_CHARS = 4_000;
}
