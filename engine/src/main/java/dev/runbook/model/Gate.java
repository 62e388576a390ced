package dev.runbook.model;

/** What an environment allows for steps marked destructive or seed. */
public enum Gate {
    ALLOW, WITH_REASON, FORBID
}
