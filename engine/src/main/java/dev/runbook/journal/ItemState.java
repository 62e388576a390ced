package dev.runbook.journal;

import java.time.Instant;

/** One item row of a run as the journal holds it; {@code status} is as stored (a dead run leaves {@code started}). */
public record ItemState(String key, String kind, JournalStatus status, String checksum, Instant startedAt,
                        Instant endedAt, String evidenceDigest, String detail) {}
