package dev.runbook.migrate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Records which Flyway events fired during one call, so the report can say which SQL callbacks ran (Flyway runs
 * every SQL callback of an event when the event fires). Statement-level events are not recorded: supporting them
 * would make Flyway call back for every statement. Thread-safe.
 */
final class FiredEvents implements Callback {
    private final Set<String> fired = new LinkedHashSet<>();

    @Override
    public boolean supports(Event event, Context context) {
        // createSchema is deprecated (Flyway warns about any callback that takes it); it fires with beforeCreateSchema.
        return event != Event.CREATE_SCHEMA && !event.getId().endsWith("Statement")
                && !event.getId().endsWith("StatementError");
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public synchronized void handle(Event event, Context context) {
        fired.add(event.getId());
        if (event == Event.BEFORE_CREATE_SCHEMA) fired.add(Event.CREATE_SCHEMA.getId());
    }

    @Override
    public String getCallbackName() {
        return "runbook-fired-events";
    }

    synchronized List<String> ids() {
        return new ArrayList<>(fired);
    }
}
