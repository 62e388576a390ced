package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestCli;
import dev.runbook.exec.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run.first_dir}: a backup written by the first run of a change is found, through two approve + resume
 * rounds, by a step of the last run, whose own {@code run.dir} is a new folder.
 */
class ResumeFirstDirTest {
    private static final String RUNBOOK = """
            version: 1
            id: first-dir
            title: A backup taken before two approvals and read after them
            targets:
              db: { engine: postgresql, url: "jdbc:postgresql://127.0.0.1:9/none" }
            steps:
              - id: backup
                backup: true
                shell:
                  env: { FIRST: "${run.first_dir}", DIR: "${run.dir}" }
                  script: test "$FIRST" = "$DIR" && echo snapshot > "$FIRST/backup.txt"
              - id: first-approval
                approval: { prompt: "First restart done?" }
              - id: second-approval
                approval: { prompt: "Second restart done?" }
              - id: read-backup
                mutating: false
                shell:
                  env: { FIRST: "${run.first_dir}", DIR: "${run.dir}" }
                  script: test "$FIRST" != "$DIR" && test -s "$FIRST/backup.txt" && echo "read from $FIRST"
            """;

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    @TempDir
    Path dir;

    @Test
    void aStepOfTheLastResumeReadsTheBackupOfTheFirstRun() throws Exception {
        Path rb = Files.writeString(dir.resolve("runbook.yaml"), RUNBOOK);
        String target = "db=" + PG.freshDatabase().jdbcUrl() + "?user=postgres";
        Path runs = dir.resolve("runs");

        TestCli.Result first = TestCli.run("run", rb.toString(), "--target", target, "--out", runs.resolve("new").toString());
        assertEquals(6, first.code(), first.all());
        String a = moveToItsId(runs, first, "first-approval");
        assertTrue(Files.isRegularFile(runs.resolve(a).resolve("backup.txt")));

        assertEquals(0, TestCli.run("approve", a, "first-approval", "--reason", "r1", "--runs", runs.toString(),
                "--target", target).code());
        TestCli.Result second = TestCli.run("resume", a, "--runs", runs.toString(), "--target", target,
                "--out", runs.resolve("new").toString());
        assertEquals(6, second.code(), second.all());
        String b = moveToItsId(runs, second, "second-approval");

        assertEquals(0, TestCli.run("approve", b, "second-approval", "--reason", "r2", "--runs", runs.toString(),
                "--target", target).code());
        Path last = dir.resolve("last");
        TestCli.Result third = TestCli.run("resume", b, "--runs", runs.toString(), "--target", target, "--out", last.toString());
        assertEquals(0, third.code(), third.all());
        String report = Files.readString(last.resolve("report.json"));
        assertTrue(report.contains("read from " + runs.resolve(a).toAbsolutePath()), report);
    }

    /** Renames the run folder to the run's id, as a run without --out is named, so resume --runs finds it. */
    private static String moveToItsId(Path runs, TestCli.Result r, String step) throws Exception {
        Matcher m = Pattern.compile("runbook approve (\\S+) " + step).matcher(r.all());
        assertTrue(m.find(), r.all());
        Files.move(runs.resolve("new"), runs.resolve(m.group(1)));
        return m.group(1);
    }
}
