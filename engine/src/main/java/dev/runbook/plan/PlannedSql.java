package dev.runbook.plan;

import dev.runbook.diag.Position;
import dev.runbook.model.Expr;
import java.time.Duration;
import java.util.Map;

/**
 * SQL as it will be sent: file contents inlined (BOM and CRLF normalised). Never interpolated:
 * values reach it only as named bind parameters ({@code :name}).
 */
public record PlannedSql(Position pos, String text, String file, boolean transaction, Map<String, Expr> bind,
                         Long expectAffected, Duration statementTimeout) {}
