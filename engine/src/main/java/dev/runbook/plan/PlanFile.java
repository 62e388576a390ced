package dev.runbook.plan;

/** A file the plan read, with the hash that goes into the plan hash. */
public record PlanFile(String path, String sha256) {}
