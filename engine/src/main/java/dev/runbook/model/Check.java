package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.Map;

/** One SQL check of an assert step: inline SQL, or a named check from validation-sql/, with its expectation. */
public record Check(Position pos, String name, SqlSource sql, String libraryCheck, Map<String, String> params,
                    String target, Expr expect) {}
