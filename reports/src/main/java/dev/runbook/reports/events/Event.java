package dev.runbook.reports.events;

/** One line of {@code events.jsonl}, without the {@code v}/{@code seq}/{@code ts} envelope the writer adds. */
public sealed interface Event
        permits RunStarted, ItemStarted, ItemFinished, ItemSkipped, RollbackStarted, RollbackFinished,
                LogMessage, RunFinished {

    /** The {@code type} field, e.g. {@code item.finished}. */
    String type();
}
