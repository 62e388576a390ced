package dev.runbook.reports.model;

/** One labelled fact of a planned item a reviewer approves (a setting, an env value, a check's params); {@code value} null for a flag. */
public record Detail(String label, String value) {
}
