package dev.runbook.plan;

/** One environment policy and whether this invocation satisfies it. */
public record PolicyCheck(String name, boolean satisfied, String detail) {}
