package dev.runbook.plan;

import java.nio.file.Path;

/**
 * One SQL file of a migrations folder as the plan read (and hashed) it; Flyway is given this text instead of
 * reading the folder again at run time. {@code relativePath} is the path inside {@code location} ('/'-separated),
 * which Flyway records as the script's name; {@code file} is where it was read, for messages.
 */
public record MigrationScript(Path location, String relativePath, Path file, String text) {}
