package dev.runbook.exec;

/** An error as the event log records it: message, SQLSTATE when a database gave one, and where in the text. */
public record ErrorInfo(String message, String sqlState, String position) {}
