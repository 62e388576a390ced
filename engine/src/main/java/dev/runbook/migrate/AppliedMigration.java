package dev.runbook.migrate;

import java.time.Duration;

/** One migration Flyway ran in this call: its version, description, file and how long it took. */
public record AppliedMigration(String version, String description, String script, Duration duration) {}
