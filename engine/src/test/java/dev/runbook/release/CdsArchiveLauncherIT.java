package dev.runbook.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root launcher on JDK 17-23: the first command builds the static class-data-sharing archive from training
 * commands, and a real run (migrations, SQL, a check, the journal, the reports) then takes the application's, the
 * driver's and Flyway's classes from it rather than reading and verifying them from the jars on every start.
 */
class CdsArchiveLauncherIT {
    @TempDir
    Path dir;

    @Test
    void aRealRunLoadsItsClassesFromTheArchiveTheLauncherBuilt() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Assumptions.assumeTrue(Runtime.version().feature() < 24,
                "the test JVM is JDK " + Runtime.version().feature() + ": the launcher uses the AOT cache there (AotCacheLauncherIT)");
        String launcher = LauncherCopy.into(dir).toString();

        assertEquals(0, run(javaHome, List.of(launcher, "--version"), null));
        assertTrue(Files.size(dir.resolve("engine/target/runbook.jsa")) > 1_000_000, "the first command built the archive");
        // A rebuild's copy of a dependency into lib/ keeps its source's older time, and the JVM then refuses the
        // whole archive without a word: the launcher must notice and dump a new one.
        try (Stream<Path> jars = Files.list(dir.resolve("engine/target/lib"))) {
            Path dependency = jars.filter(j -> j.getFileName().toString().startsWith("runbook-reports")).findFirst().orElseThrow();
            Files.setLastModifiedTime(dependency, java.nio.file.attribute.FileTime.fromMillis(1_577_836_800_000L));
        }

        Path book = dir.resolve("book");
        Files.createDirectories(book.resolve("migrations"));
        Files.writeString(book.resolve("migrations/V1__accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY, name text);\n");
        Files.writeString(book.resolve("migrations/V2__seed.sql"), "INSERT INTO accounts VALUES (1, 'a'), (2, 'b');\n");
        Files.writeString(book.resolve("runbook.yaml"), """
                version: 1
                id: archive-check
                targets:
                  db: { engine: postgresql, url: "postgresql://app@127.0.0.1:9/app" }
                steps:
                  - id: schema
                    migrate: { locations: [migrations] }
                    no_rollback: a new database
                  - id: rename
                    sql: UPDATE accounts SET name = 'c' WHERE id = 2
                    rollback: { sql: "UPDATE accounts SET name = 'b' WHERE id = 2" }
                  - id: counted
                    assert:
                      - { name: two accounts, sql: "SELECT COUNT(*) FROM accounts", expect: result == 2 }
                """);
        Path loaded = dir.resolve("classes.txt");
        int code = run(javaHome, List.of(launcher, "run", book.resolve("runbook.yaml").toString(), "--embedded",
                "--embedded-version", "16", "--out", dir.resolve("run").toString(), "-q"),
                "-Xlog:class+load=info:file=" + loaded);
        assertEquals(0, code, Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.exists(dir.resolve("run/report.html")), "the run wrote its reports");

        List<String> lines = Files.readAllLines(loaded);
        for (String pkg : List.of(" dev.runbook.", " org.postgresql.", " org.flywaydb.")) {
            List<String> ours = lines.stream().filter(l -> l.contains(pkg) && !l.contains("$$Lambda")).toList();
            long fromArchive = ours.stream().filter(l -> l.contains("shared objects file")).count();
            assertTrue(ours.size() > 20 && fromArchive > 0.9 * ours.size(),
                    fromArchive + " of " + ours.size() + " " + pkg.strip() + "* classes of the run came from the archive");
        }
    }

    private int run(Path javaHome, List<String> cmd, String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("RUNBOOK_JAVA_OPTS");
        if (javaOpts != null) pb.environment().put("RUNBOOK_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not finish: " + cmd);
        return p.exitValue();
    }
}
