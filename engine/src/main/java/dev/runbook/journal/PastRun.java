package dev.runbook.journal;

import java.time.Instant;

/**
 * One past (or running) run as a target's journal records it, for {@code runbook history}; {@code cutAt} is the
 * step still marked started (where a killed run stopped), or null.
 */
public record PastRun(String runId, String runbookId, String runbookChecksum, String planHash, String ticket,
                      String environment, String operator, String host, String toolVersion, JournalStatus status,
                      Instant startedAt, Instant endedAt, String detail, StepCounts steps, String cutAt) {}
