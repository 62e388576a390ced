package dev.runbook.reports.model;

/** One file the plan read (SQL, include, migration) and its {@code sha256}. */
public record FileDigest(String path, String sha256) {
}
