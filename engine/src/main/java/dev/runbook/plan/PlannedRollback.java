package dev.runbook.plan;

import java.time.Duration;

/** The compensation that would run for a step, resolved like a step body. */
public record PlannedRollback(PlannedAction action, String target, Duration timeout, boolean afterFailure) {}
