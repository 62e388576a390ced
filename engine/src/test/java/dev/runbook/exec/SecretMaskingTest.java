package dev.runbook.exec;

import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.script;
import static dev.runbook.exec.Plans.sqlStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.model.FailurePolicy;
import dev.runbook.plan.PlannedAction;
import dev.runbook.plan.PlannedTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SecretMaskingTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    static final String SECRET = "s3cr3t-P@ss/w0rd";

    @TempDir
    Path runDir;

    @Test
    void aPlantedSecretAppearsNowhereInOutputOrTheRunFolder() {
        PostgresServer.TestDb db = PG.freshDatabase();
        db.exec("CREATE TABLE creds (k text, v text)");
        Runs.RecordingProgress progress = new Runs.RecordingProgress();
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        // The password travels in the target's settings and in a libpq URL handed to a shell step.
        PlannedTarget app = new PlannedTarget("app", "postgresql", "postgresql://postgres@localhost/" + db.name(),
                Map.of("url", db.jdbcUrl(), "user", "postgres", "password", SECRET), "runbook", "runbook.history", false, false);
        RunResult r = new Executor().run(plan().target(app).secretParam("api_key", SECRET)
                        .step("store", new PlannedAction.Sql(Plans.sql("INSERT INTO creds VALUES ('k', :api_key);"
                                + " SELECT v, 'postgresql://u:' || v || '@h/db' AS url FROM creds", true, Map.of(), null, null), true))
                        .expect("result == params.api_key").onFailure(FailurePolicy.CONTINUE).and()
                        .step("echo", script("echo \"key=$KEY encoded=" + encoded + "\"; echo \"$KEY\" >&2; exit 7"))
                        .target(null).onFailure(FailurePolicy.CONTINUE).and()
                        .step("fail", sqlStep("SELECT '" + SECRET + "'::int")).onFailure(FailurePolicy.CONTINUE).and()
                        .step("env", Plans.shell(List.of("printenv", "KEY"), null, Map.of("KEY", "${params.api_key}"), 0))
                        .target(null).expect("stdout == 'nope'").build(),
                Runs.options(runDir, progress).withEnvironment(Map.of("KEY", SECRET, "PATH", System.getenv("PATH"))));
        assertEquals(1, r.exitCode());
        assertEquals(SECRET, db.one("SELECT v FROM creds"), "the secret itself was used, only its display is masked");
        String all = progress.all() + "\n" + r.summary() + "\n" + r.targetState() + "\n" + folderText(runDir);
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains(encoded), all);
        assertTrue(all.contains("******"), all);
    }

    private static String folderText(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path p : files.filter(Files::isRegularFile).toList()) b.append(Files.readString(p)).append('\n');
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
