package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.Map;

/** A named connection a runbook declares; the engine talks to nothing else. */
public sealed interface Target permits Target.Database, Target.Http {
    String name();

    Position pos();

    String engine();

    /**
     * A PostgreSQL or SQL Server database. Every text may interpolate ${env.X} or ${params.x}.
     * {@code lazy}: connected (locked, journaled) at its first use rather than before the first step;
     * {@code journal}: the target whose journal records this one's steps (null: its own).
     */
    record Database(String name, Position pos, String engine, String description, Template url, Template host,
                    Template port, Template database, Template user, Template password, Template passwordFile,
                    Template encrypt, Template trustServerCertificate, Template hostNameInCertificate,
                    String authentication, LockScope lock, String journalTable, boolean readOnly, boolean lazy,
                    String journal) implements Target {}

    /** An HTTP service with a base URL and default headers. */
    record Http(String name, Position pos, String description, Template url, Map<String, Template> headers)
            implements Target {
        @Override
        public String engine() {
            return "http";
        }
    }

    enum LockScope { RUNBOOK, TARGET, NONE }
}
