package dev.runbook.reports.model;

/** Identity of the runbook file a run executed, with the checksum of its normalised text. */
public record RunbookInfo(String id, String title, String version, String owner, String description,
                          String file, String checksum) {
}
