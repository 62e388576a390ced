package dev.runbook.library;

import java.util.List;
import java.util.Map;

/** A reusable, parameterised SQL check from validation-sql/<dialect>/<name>.sql. */
public record LibraryCheck(String name, String dialect, String description, Map<String, String> paramDefaults,
                           List<String> requiredParams, String expect, String sql) {}
