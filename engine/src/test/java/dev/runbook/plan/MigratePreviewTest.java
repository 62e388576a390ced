package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.TestRunbooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratePreviewTest {
    @Test
    void thePlanListsTheMigrationsUpToTheTargetInVersionOrder(@TempDir Path dir) throws IOException {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        for (String f : List.of("001_init.sql", "002_b.sql", "010_late.sql", "009_c.sql", "R__views.sql", "notes.txt")) {
            Files.writeString(m.resolve(f), "SELECT 1;\n");
        }
        Files.writeString(dir.resolve("runbook.yaml"), """
                version: 1
                id: migrate-preview
                targets:
                  db: { engine: postgresql, url: "postgresql://h/db" }
                steps:
                  - id: to-9
                    migrate: { locations: [migrations], target: "9", naming: numbered }
                    rollback: { sql: SELECT 1 }
                  - id: latest
                    migrate: { locations: [migrations], naming: numbered }
                    rollback: { sql: SELECT 1 }
                """);
        Plan plan = TestRunbooks.plan(dir.resolve("runbook.yaml"), null, Map.of(), Map.of());
        assertEquals(List.of("migrations/001_init.sql", "migrations/002_b.sql", "migrations/009_c.sql", "migrations/R__views.sql"),
                ((PlannedAction.Migrate) plan.steps().get(0).action()).files());
        assertEquals(List.of("migrations/001_init.sql", "migrations/002_b.sql", "migrations/009_c.sql",
                        "migrations/010_late.sql", "migrations/R__views.sql"),
                ((PlannedAction.Migrate) plan.steps().get(1).action()).files());
    }
}
