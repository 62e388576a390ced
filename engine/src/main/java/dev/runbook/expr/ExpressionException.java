package dev.runbook.expr;

/** An expression that does not parse, names something unknown, or fails while being evaluated. */
public final class ExpressionException extends RuntimeException {
    public ExpressionException(String message) {
        super(message);
    }
}
