package dev.runbook.reports.model;

/** A policy check evaluated before the run, such as a change window or a required approval. */
public record Policy(String name, boolean satisfied, String detail) {
}
