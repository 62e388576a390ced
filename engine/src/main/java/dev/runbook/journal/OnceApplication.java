package dev.runbook.journal;

import java.time.Instant;

/** The last successful application of a {@code once} step: with which checksum, by which run, when. */
public record OnceApplication(String checksum, String runId, Instant appliedAt) {}
