package dev.runbook.exec;

import java.util.Properties;

/**
 * How to reach one database: the JDBC URL and properties (credentials travel in the properties only),
 * the redacted form shown to people, and a libpq URL for client tools such as psql (null if none).
 */
public record ConnectionSpec(String jdbcUrl, Properties properties, String display, String clientUrl) {}
