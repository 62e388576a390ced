package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;

/** The compensation of a step, run in reverse order when a later step fails under the rollback policy. */
public record Rollback(Position pos, Action action, String target, Duration timeout, boolean afterFailure) {}
