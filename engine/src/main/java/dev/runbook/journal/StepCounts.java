package dev.runbook.journal;

/** How a run's top-level steps ended; {@code unfinished} counts steps left started or interrupted. */
public record StepCounts(int total, int succeeded, int failed, int skipped, int rolledBack, int unfinished) {}
