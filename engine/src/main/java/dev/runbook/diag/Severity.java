package dev.runbook.diag;

/** How bad a diagnostic is; errors stop the pipeline, warnings (lint) do not unless --strict. */
public enum Severity {
    WARNING, ERROR;

    public String label() {
        return this == ERROR ? "error" : "warning";
    }
}
