package dev.runbook.exec;

import static dev.runbook.exec.Plans.argv;
import static dev.runbook.exec.Plans.plan;
import static dev.runbook.exec.Plans.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellStepTest {
    @TempDir
    Path runDir;
    @TempDir
    Path work;
    final Runs.RecordingProgress progress = new Runs.RecordingProgress();

    private RunResult run(Plan plan) {
        return new Executor().run(plan, Runs.options(runDir, progress));
    }

    @Test
    void runsArgvWithoutShellParsingAndCapturesOutput() {
        RunResult r = run(plan().param("name", "a b; echo injected")
                .step("echo", argv("printf", "%s|", "${params.name}", "$HOME")).target(null).expect("stdout == 'a b; echo injected|$HOME|'")
                .build());
        assertEquals(0, r.exitCode(), r.summary());
        JsonNode f = Runs.lastFinished(runDir, "step/echo");
        assertEquals(0, f.get("captures").get("exit_code").asInt());
        assertEquals("a b; echo injected|$HOME|", f.get("output").get("text").asText());
    }

    @Test
    void runsScriptsUnderShWithEnvAndTheStepsDirectory() throws Exception {
        Files.writeString(work.resolve("marker.txt"), "here");
        RunResult r = run(plan().baseDir(work).param("ticket", "OPS-42")
                .step("script", Plans.shell(List.of(), "cat marker.txt; echo \" $TICKET\"", Map.of("TICKET", "${params.ticket}"), 0))
                .target(null).expect("stdout.trim() == 'here OPS-42'").build());
        assertEquals(0, r.exitCode(), r.summary());
    }

    @Test
    void unsetVariablesFailTheScriptBecauseItRunsWithDashU() {
        RunResult r = run(plan().step("unset", script("echo $NOT_SET_ANYWHERE")).target(null).build());
        assertEquals(1, r.exitCode());
        String reason = Runs.lastFinished(runDir, "step/unset").get("reason").asText();
        assertTrue(reason.contains("exited with code 2, expected 0") && reason.contains("NOT_SET_ANYWHERE"), reason);
    }

    @Test
    void anUnexpectedExitCodeFailsWithTheTailOfStderr() {
        RunResult r = run(plan().step("fail", script("echo progress; echo 'disk full' >&2; exit 3")).target(null).build());
        assertEquals(1, r.exitCode());
        JsonNode f = Runs.lastFinished(runDir, "step/fail");
        assertEquals("/bin/sh exited with code 3, expected 0: disk full", f.get("reason").asText());
        assertEquals(3, f.get("captures").get("exit_code").asInt());
        assertTrue(f.get("output").get("text").asText().contains("--- stderr ---\ndisk full"));
    }

    @Test
    void anExpectedNonZeroExitCodeIsSuccess() {
        RunResult r = run(plan().step("grep", Plans.shell(List.of("sh", "-c", "exit 1"), null, Map.of(), 1)).target(null).build());
        assertEquals(0, r.exitCode(), r.summary());
    }

    @Test
    void aMissingCommandIsAClearError() {
        RunResult r = run(plan().step("missing", argv("pg_dumpx", "--version")).target(null).build());
        assertEquals(1, r.exitCode());
        assertEquals("command not found: 'pg_dumpx' is not on PATH or does not exist; install it or give its full path",
                Runs.lastFinished(runDir, "step/missing").get("reason").asText());
    }

    @Test
    void theTimeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = work.resolve("child.pid");
        long start = System.nanoTime();
        RunResult r = run(plan().step("hang", script("sleep 30 & echo $! > " + pidFile + "; wait"))
                .target(null).timeout(Duration.ofMillis(700)).build());
        assertEquals(1, r.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        String reason = Runs.lastFinished(runDir, "step/hang").get("reason").asText();
        assertTrue(reason.startsWith("step timed out; killed the process tree (pid "), reason);
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Thread.sleep(100);
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the background sleep survived");
    }

    @Test
    void keepsOnlyTheTailOfLargeOutput() {
        RunResult r = run(plan().step("chatty", script("seq 1 100000")).target(null).build());
        assertEquals(0, r.exitCode(), r.summary());
        JsonNode out = Runs.lastFinished(runDir, "step/chatty").get("output");
        assertTrue(out.get("truncated").asBoolean());
        assertTrue(out.get("text").asText().endsWith("99999\n100000\n"));
        assertTrue(out.get("text").asText().length() <= 64 * 1024);
    }

    @Test
    void verboseRunsStreamOutputLines() {
        run(plan().step("lines", script("echo one; echo two >&2")).target(null).build());
        assertTrue(progress.all().contains("out| one") && progress.all().contains("err| two"), progress.all());
    }
}
