package dev.runbook.model;

import dev.runbook.diag.Position;
import java.time.Duration;
import java.util.Map;

/** An HTTP call: method, URL (absolute or joined to the target's URL), headers, body. */
public record HttpRequest(Position pos, String method, Template url, String target, Map<String, Template> headers,
                          Template body, Object json, Duration timeout, Expr expect) {}
