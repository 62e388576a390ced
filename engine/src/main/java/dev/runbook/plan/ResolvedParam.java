package dev.runbook.plan;

/** A parameter's final value and where it came from (cli, params file, default). */
public record ResolvedParam(String name, String type, Object value, boolean secret, String source) {}
