package dev.runbook.reports.model;

/** The stdout/stderr tail of a shell step or the body of an http step. */
public record Output(String text, boolean truncated) {
}
