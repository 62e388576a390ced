package dev.runbook.journal;

import java.util.Objects;

/**
 * What identifies a run in every journal row it writes. {@code planHash} is the approved plan's hash
 * (kept as the run row's item checksum); ticket, environment, host and tool version may be null.
 */
public record RunRecord(String runId, String runbookId, String runbookChecksum, String planHash, String ticket,
                        String environment, String operator, String host, String toolVersion) {
    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runbookId, "runbookId");
    }
}
