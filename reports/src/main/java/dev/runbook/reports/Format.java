package dev.runbook.reports;

import java.util.Locale;

/** A report file format and the fixed file name it gets in a run folder. */
public enum Format {
    HTML("html", "report.html"),
    JSON("json", "report.json"),
    MD("md", "report.md"),
    JUNIT("junit", "report.junit.xml");

    private final String id;
    private final String fileName;

    Format(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    /** The name used on the command line, e.g. {@code junit}. */
    public String id() {
        return id;
    }

    /** The file name in the report folder, e.g. {@code report.junit.xml}. */
    public String fileName() {
        return fileName;
    }

    /** Parses a command-line name such as {@code html} or {@code md}, ignoring case. */
    public static Format parse(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (Format format : values()) {
            if (format.id.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown report format '" + id + "'; use html, json, md or junit");
    }
}
