package dev.runbook.exec;

import dev.runbook.db.Dialect;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunState;
import dev.runbook.plan.Plan;
import dev.runbook.plan.PlannedTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Finds a run in the journals of a plan's database targets, the one place resume, approve and fleet resume ask:
 * the first journal that holds the run says its state. Read-only targets keep no journal and are not asked.
 */
public final class RunLocator {
    private RunLocator() {}

    /** The target whose journal holds the run, and what that journal says about it. */
    public record Found(String target, RunState state) {}

    /**
     * Opens each journal in turn and returns what {@code use} gives for the first where it gives something.
     *
     * @param application the application name the journal sessions carry
     * @param looked      receives, for each target that gave nothing, its name and why (for the caller's message)
     */
    public static <T> Optional<T> inJournals(Plan plan, String application, List<String> looked,
                                             BiFunction<Journal, PlannedTarget, Optional<T>> use) {
        for (PlannedTarget t : plan.targets().values()) {
            if (!t.keepsJournal()) continue;
            Dialect dialect = Dialect.forEngine(t.engine());
            try (Journal j = Journal.open(TargetConnector.of(t, application).journal(), dialect, t.journalTable(),
                    Clock.systemUTC())) {
                Optional<T> found = use.apply(j, t);
                if (found.isPresent()) return found;
                looked.add(t.name() + " (" + t.display() + ")");
            } catch (JournalException | IllegalArgumentException e) {
                looked.add(t.name() + " (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    public static Optional<Found> find(Plan plan, String runId, String application, List<String> looked) {
        return inJournals(plan, application, looked, (j, t) -> j.runState(runId).map(s -> new Found(t.name(), s)));
    }

    public static Optional<Found> find(Plan plan, String runId) {
        return find(plan, runId, "runbook-fleet", new ArrayList<>());
    }
}
