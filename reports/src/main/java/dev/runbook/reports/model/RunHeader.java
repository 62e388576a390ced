package dev.runbook.reports.model;

import java.util.List;
import java.util.Map;

/**
 * Who ran what, where and under which approvals: the {@code run} object of {@code run.started}.
 *
 * @param resumes the run id this run resumes, or null
 * @param targets connection targets, already redacted
 * @param params  parameter values in declaration order, secrets already masked
 * @param itemCount preconditions plus steps planned
 */
public record RunHeader(String id, Mode mode, String resumes, RunbookInfo runbook, List<FileDigest> files,
                        String ticket, String environment, String operator, String host, String toolVersion,
                        String planHash, String approvedPlan, String rehearsalId, List<Target> targets,
                        Map<String, String> params, List<Policy> policies, int itemCount) {
    public RunHeader {
        files = Copies.list(files);
        targets = Copies.list(targets);
        params = Copies.map(params);
        policies = Copies.list(policies);
    }

    /** The same header with another mode, as a plan report needs. */
    public RunHeader withMode(Mode newMode) {
        return new RunHeader(id, newMode, resumes, runbook, files, ticket, environment, operator, host,
                toolVersion, planHash, approvedPlan, rehearsalId, targets, params, policies, itemCount);
    }
}
