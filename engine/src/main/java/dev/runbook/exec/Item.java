package dev.runbook.exec;

import dev.runbook.reports.model.Kind;

/**
 * One journaled unit of a run: a precondition, a step, a check of an assert step, or a rollback.
 * {@code key} is unique in the run ({@code step/<id>}, {@code step/<id>/check/<n>}, {@code rollback/<id>}).
 */
public record Item(String key, Kind kind, String name, String stepKind, String target, int index, String parent,
                   String text) {}
