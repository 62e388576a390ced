package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** for_each iterations and psql-style :"ident" / :'literal' quoting, from validate to a run on real PostgreSQL. */
class ForEachAndQuotingTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    private Path runbook(String steps) throws Exception {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, "version: 1\nid: t\nparams:\n"
                + "  role: { type: string, default: app_reader }\n"
                + "  note: { type: string, default: plain }\n"
                + "  password: { type: string, secret: true, default: \"s3cr'et-Pw\" }\n"
                + "  tables: { type: list, default: [a, b] }\n"
                + "targets:\n  db: { engine: postgresql, url: \"postgresql://u@127.0.0.1:9/x\" }\nsteps:\n" + steps);
        return f;
    }

    @Test
    void itemOutsideAForEachStepIsAPositionedError() throws Exception {
        Path f = runbook("  - id: s\n    sql: SELECT :item\n    mutating: false\n");
        TestCli.Result r = TestCli.run("validate", f.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("runbook.yaml:12:") && r.all().contains("[RB208]"), r.all());
    }

    @Test
    void forEachThatReadsTheRunAndQuotingOfRunTimeValuesAreRefused() throws Exception {
        Path f = runbook("  - id: first\n    sql: SELECT 1 AS n\n    mutating: false\n"
                + "  - id: loop\n    for_each: steps.first.rows\n    sql: SELECT 1\n    mutating: false\n"
                + "  - id: q\n    sql: 'ANALYZE :\"steps.first.result\"'\n    mutating: false\n");
        TestCli.Result r = TestCli.run("validate", f.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("[RB225]"), r.all());
        assertTrue(r.all().contains("[RB226]"), r.all());
    }

    @Test
    void duplicateIterationKeysAreRefused() throws Exception {
        Path f = runbook("  - id: loop\n    for_each: [x, x]\n    sql: SELECT 1\n    mutating: false\n");
        TestCli.Result r = TestCli.run("plan", f.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("two items with key 'x'") && r.all().contains("[RB225]"), r.all());
    }

    @Test
    void hostileValuesBecomeOneQuotedIdentifierOrLiteralAndSecretsStayMasked() throws Exception {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE a (id int)");
        db.exec("CREATE TABLE b (id int)");
        db.exec("CREATE TABLE notes (body text)");
        Path f = runbook("  - id: role\n    sql: |\n      CREATE ROLE :\"role\" LOGIN PASSWORD :'password';\n"
                + "      INSERT INTO notes VALUES (:'note');\n"
                + "    rollback: { sql: 'DROP ROLE :\"role\"' }\n"
                + "  - id: stamp\n    for_each: params.tables\n"
                + "    sql: 'ALTER TABLE :\"item\" ADD COLUMN stamped boolean'\n"
                + "    rollback: { sql: 'ALTER TABLE :\"item\" DROP COLUMN stamped' }\n");
        String role = "Evil\"; DROP TABLE a; --";
        String note = "it's'); DROP TABLE b; --";
        String target = "db=" + db.jdbcUrl() + "?user=postgres";
        TestCli.Result plan = TestCli.run("plan", f.toString(), "-p", "role=" + role, "-p", "note=" + note,
                "--target", target);
        assertEquals(0, plan.code(), plan.all());
        assertTrue(plan.out().contains("CREATE ROLE \"Evil\"\"; DROP TABLE a; --\" LOGIN PASSWORD"), plan.out());
        assertFalse(plan.all().contains("s3cr"), "the secret literal is masked in the plan: " + plan.all());
        assertTrue(plan.out().contains("stamp[a]") && plan.out().contains("stamp[b]"), plan.out());

        TestCli.Result run = TestCli.run("run", f.toString(), "-p", "role=" + role, "-p", "note=" + note,
                "--target", target, "--out", dir.resolve("run").toString(), "-q");
        assertEquals(0, run.code(), run.all());
        assertEquals("1", db.one("SELECT count(*) FROM pg_roles WHERE rolname = 'Evil\"; DROP TABLE a; --'"));
        assertEquals(note, db.one("SELECT body FROM notes"));
        assertEquals("2", db.one("SELECT count(*) FROM information_schema.columns WHERE column_name = 'stamped'"));
        for (Path p : Files.list(dir.resolve("run")).toList()) {
            if (Files.isRegularFile(p)) assertFalse(Files.readString(p).contains("s3cr"), p + " leaks the secret");
        }
        db.exec("DROP ROLE \"Evil\"\"; DROP TABLE a; --\"");
    }
}
