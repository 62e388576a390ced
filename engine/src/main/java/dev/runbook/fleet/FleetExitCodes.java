package dev.runbook.fleet;

import java.util.List;

/**
 * A fleet's exit code is its worst target's: 4 (a rollback failed, manual action) is worst, then 1 (failed),
 * 2 (invalid at run time), 6 (waiting at an approval), 5 (locked), 3 (precondition not met, nothing changed), then 0.
 */
public final class FleetExitCodes {
    private static final List<Integer> WORST_FIRST = List.of(4, 1, 2, 6, 5, 3, 0);

    private FleetExitCodes() {}

    public static int worst(Iterable<Integer> codes) {
        int worst = 0;
        for (Integer c : codes) {
            if (c != null && rank(c) < rank(worst)) worst = c;
        }
        return worst;
    }

    private static int rank(int code) {
        int i = WORST_FIRST.indexOf(code);
        return i < 0 ? 0 : i;
    }
}
