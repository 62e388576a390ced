package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the fault tests share: a one-target runbook whose URL comes from {@code --target}, and waiting for a run in
 * another thread or process to reach a chosen moment of its event log.
 */
final class FaultRunbooks {
    private FaultRunbooks() {}

    /** Writes {@code dir/runbook.yaml} with id {@code id}, target {@code app} (given by --target) and these steps. */
    static Path write(Path dir, String id, String steps) throws Exception {
        Path rb = dir.resolve("runbook.yaml");
        Files.writeString(rb, """
                version: 1
                id: %s
                targets:
                  app: { engine: postgresql, url: "${env.RUNBOOK_TEST_UNSET_URL}" }
                steps:
                """.formatted(id) + steps.indent(2));
        return rb;
    }

    /** Waits until the run folder's event log contains {@code text}; fails the test after {@code millis}. */
    static void awaitEvent(Path runDir, String text, long millis) throws Exception {
        Path events = runDir.resolve("events.jsonl");
        long end = System.currentTimeMillis() + millis;
        while (!(Files.exists(events) && Files.readString(events).contains(text))) {
            assertTrue(System.currentTimeMillis() < end, "never saw " + text + " in " + events);
            Thread.sleep(20);
        }
    }
}
