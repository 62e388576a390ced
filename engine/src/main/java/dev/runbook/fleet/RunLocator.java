package dev.runbook.fleet;

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

/**
 * Finds a run in the journals of a plan's database targets: the first journal that holds it says its state.
 * (The CLI's {@code EarlierRun} does the same for resume and approve, with exit 2 when none holds it.)
 */
final class RunLocator {
    private RunLocator() {}

    /** The target whose journal holds the run, and what that journal says about it. */
    public record Found(String target, RunState state) {}

    /** @param looked receives, for each target that does not hold the run, its name and why (shown when none does) */
    public static Optional<Found> find(Plan plan, String runId, List<String> looked) {
        for (PlannedTarget t : plan.targets().values()) {
            if (!t.isDatabase()) continue;
            Dialect dialect = Dialect.forEngine(t.engine());
            try (Journal j = Journal.open(dev.runbook.exec.TargetConnector.of(t, "runbook-fleet").journal(),
                    dialect, t.journalTable(), Clock.systemUTC())) {
                Optional<RunState> state = j.runState(runId);
                if (state.isPresent()) return Optional.of(new Found(t.name(), state.get()));
                looked.add(t.name() + " (" + t.display() + ")");
            } catch (JournalException | IllegalArgumentException e) {
                looked.add(t.name() + " (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    public static Optional<Found> find(Plan plan, String runId) {
        return find(plan, runId, new ArrayList<>());
    }
}
