package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splitting does linear work: a 5 MB one-line script with non-Latin-1 text splits in under 2 s of CPU (the
 * thread's CPU time, so a busy machine does not fail the test; the quadratic splitter took 42 s).
 */
class LinearSplitTest {
    private static long cpuMillis() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    private static final String STATEMENT = "INSERT INTO t VALUES ('żółć 漢字');"; // 33 code points

    private static String oneLine(int bytes) {
        return STATEMENT.repeat(bytes / STATEMENT.length());
    }

    @Test
    void aFiveMegabyteOneLinePostgresScriptSplitsQuicklyWithRightColumns() {
        String script = oneLine(5 * 1024 * 1024);
        long started = cpuMillis();
        List<SqlStatement> statements = Dialect.forEngine("postgresql").split(script);
        long millis = cpuMillis() - started;
        assertTrue(millis < 2_000, "split took " + millis + " ms of CPU");
        int n = statements.size();
        assertEquals(script.length() / STATEMENT.length(), n);
        SqlStatement last = statements.get(n - 1);
        assertEquals(1, last.line());
        assertEquals((n - 1) * STATEMENT.codePointCount(0, STATEMENT.length()) + 1, last.column());
    }

    @Test
    void aFiveMegabyteOneLineSqlServerScriptSplitsQuickly() {
        String script = oneLine(5 * 1024 * 1024) + "\nGO\n" + oneLine(1024);
        long started = cpuMillis();
        List<SqlStatement> batches = Dialect.forEngine("sqlserver").split(script);
        long millis = cpuMillis() - started;
        assertTrue(millis < 2_000, "split took " + millis + " ms of CPU");
        assertEquals(2, batches.size());
        assertEquals(3, batches.get(1).line());
    }

    @Test
    void columnsStayRightWhenPositionsAreAskedOutOfOrder() {
        ScriptText text = new ScriptText("ab\ncdé f\ng");
        assertEquals(5, text.column(7));
        assertEquals(1, text.column(3));
        assertEquals(3, text.column(5));
        assertEquals(1, text.column(9));
    }
}
