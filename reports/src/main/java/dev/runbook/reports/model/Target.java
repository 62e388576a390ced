package dev.runbook.reports.model;

/** A database target as shown to people: {@code display} is already redacted by the engine. */
public record Target(String name, String engine, String display) {
}
