package dev.runbook.reports.events;

import dev.runbook.reports.model.Copies;
import dev.runbook.reports.model.ErrorInfo;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.Output;
import dev.runbook.reports.model.Status;
import java.util.Map;
import java.util.Objects;

/**
 * {@code item.finished}: how one attempt ended; start from {@link #ok} or {@link #failed} and add details
 * with the {@code with…} methods.
 */
public record ItemFinished(String key, int attempt, Status status, String reason, long durationMs, String expected,
                           String actual, Long affected, Evidence evidence, Output output, ErrorInfo error,
                           Map<String, Object> captures) implements Event {
    public static final String TYPE = "item.finished";

    public ItemFinished {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        captures = Copies.map(captures);
    }

    /** A successful attempt. */
    public static ItemFinished ok(String key, int attempt, long durationMs) {
        return of(key, attempt, Status.OK, null, durationMs);
    }

    /** A failed attempt with its one-sentence reason and the error, if there was one. */
    public static ItemFinished failed(String key, int attempt, long durationMs, String reason, ErrorInfo error) {
        return of(key, attempt, Status.FAILED, reason, durationMs).withError(error);
    }

    /** An attempt with any status, e.g. {@code warned} or {@code not_rehearsed}. */
    public static ItemFinished of(String key, int attempt, Status status, String reason, long durationMs) {
        return new ItemFinished(key, attempt, status, reason, durationMs, null, null, null, null, null, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Adds the expectation (e.g. the {@code expect:} expression) and what was really observed. */
    public ItemFinished withExpectation(String newExpected, String newActual) {
        return new ItemFinished(key, attempt, status, reason, durationMs, newExpected, newActual, affected,
                evidence, output, error, captures);
    }

    /** Adds the number of rows affected. */
    public ItemFinished withAffected(Long newAffected) {
        return new ItemFinished(key, attempt, status, reason, durationMs, expected, actual, newAffected,
                evidence, output, error, captures);
    }

    /** Adds evidence rows, already bounded by the engine. */
    public ItemFinished withEvidence(Evidence newEvidence) {
        return new ItemFinished(key, attempt, status, reason, durationMs, expected, actual, affected,
                newEvidence, output, error, captures);
    }

    /** Adds the output tail of a shell step or the body of an http step. */
    public ItemFinished withOutput(Output newOutput) {
        return new ItemFinished(key, attempt, status, reason, durationMs, expected, actual, affected,
                evidence, newOutput, error, captures);
    }

    /** Adds the error reported by the database or tool. */
    public ItemFinished withError(ErrorInfo newError) {
        return new ItemFinished(key, attempt, status, reason, durationMs, expected, actual, affected,
                evidence, output, newError, captures);
    }

    /** Adds what the step published as {@code steps.<id>.*}, already masked. */
    public ItemFinished withCaptures(Map<String, Object> newCaptures) {
        return new ItemFinished(key, attempt, status, reason, durationMs, expected, actual, affected,
                evidence, output, error, newCaptures);
    }
}
