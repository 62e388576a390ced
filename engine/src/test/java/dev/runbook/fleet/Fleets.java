package dev.runbook.fleet;

import dev.runbook.TestCli;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fleet of fresh databases on the shared embedded server, a runbook for them, and ways to look at the result. */
final class Fleets {
    /** A step that fails on a target holding a table named poison, so a test picks which targets fail. */
    static final String RUNBOOK = """
            version: 1
            id: tenant-change
            params:
              tenant: { type: string, required: true }
            environments:
              dev: {}
            targets:
              app: { engine: postgresql, url: "${env.FLEET_TEST_UNSET_URL}" }
            steps:
              - id: marks
                sql: CREATE TABLE IF NOT EXISTS marks (tenant text NOT NULL)
              - id: slow
                sql: SELECT pg_sleep(0.25)
              - id: guard
                sql: "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'poison') THEN RAISE EXCEPTION 'poisoned'; END IF; END $$"
              - id: mark
                sql: INSERT INTO marks (tenant) VALUES (:tenant)
            """;

    final Path dir;
    final Path runbook;
    final List<TestPostgres.Db> dbs = new ArrayList<>();

    Fleets(TestPostgres pg, Path dir, int size) {
        this.dir = dir;
        this.runbook = dir.resolve("runbook.yaml");
        try {
            Files.writeString(runbook, RUNBOOK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < size; i++) dbs.add(pg.freshDatabase());
    }

    static String name(int i) {
        return String.format("t%02d", i + 1);
    }

    /** The fleet file: target i is named t01..., labelled as {@code labels} says (may be null), with its own tenant param. */
    Path fleetFile(java.util.function.IntFunction<String> labels) {
        StringBuilder sb = new StringBuilder("targets:\n");
        for (int i = 0; i < dbs.size(); i++) {
            TestPostgres.Db db = dbs.get(i);
            sb.append("  - name: ").append(name(i)).append('\n');
            sb.append("    url: postgresql://postgres@localhost:").append(db.port()).append('/').append(db.name()).append('\n');
            sb.append("    params: { tenant: tenant-").append(i + 1).append(" }\n");
            String l = labels == null ? null : labels.apply(i);
            if (l != null) sb.append("    labels: [").append(l).append("]\n");
        }
        Path f = dir.resolve("fleet.yaml");
        try {
            Files.writeString(f, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    void poison(int... targets) {
        for (int i : targets) dbs.get(i).exec("CREATE TABLE poison (x int)");
    }

    void cure(int... targets) {
        for (int i : targets) dbs.get(i).exec("DROP TABLE poison");
    }

    TestCli.Result run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", runbook.toString(), "--env", "dev", "--fleet",
                dir.resolve("fleet.yaml").toString(), "--out", out.toString(), "--report", "json,html"));
        args.addAll(List.of(more));
        return TestCli.run(args.toArray(String[]::new));
    }

    /** The run rows of a target's journal (none when it never ran: then there is no journal table either). */
    List<Instant[]> runs(int target) {
        TestPostgres.Db db = dbs.get(target);
        if (!"t".equals(db.one("SELECT CASE WHEN to_regclass('runbook.history') IS NULL THEN 'f' ELSE 't' END"))) {
            return List.of();
        }
        List<Instant[]> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT started_at, ended_at FROM runbook.history WHERE kind = 'run'"
                     + " ORDER BY started_at")) {
            while (rs.next()) {
                out.add(new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2) == null ? null
                        : rs.getTimestamp(2).toInstant()});
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static String fleetId(TestCli.Result r) {
        Matcher m = Pattern.compile("fleet run id: (\\S+)").matcher(r.out());
        if (!m.find()) throw new AssertionError("no fleet run id in:\n" + r.all());
        return m.group(1);
    }
}
