package dev.runbook.journal;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Another run holds the run lock of a target; the message names its run id, operator and start time.
 * The command line maps it to exit code 5.
 */
public final class LockHeldException extends Exception {
    private final String target;
    private final List<LockHolder> holders;

    LockHeldException(String target, String what, List<LockHolder> holders, Duration waited) {
        super(message(target, what, holders, waited));
        this.target = target;
        this.holders = List.copyOf(holders);
    }

    public String target() {
        return target;
    }

    /** The sessions seen holding the lock; empty when the holder could not be seen (or just let go). */
    public List<LockHolder> holders() {
        return holders;
    }

    private static String message(String target, String what, List<LockHolder> holders, Duration waited) {
        String who = holders.isEmpty() ? "another session, which this user cannot see (or which just finished)"
                : holders.stream().map(LockHolder::describe).collect(Collectors.joining("; "));
        String wait = waited.isZero() ? "" : " after waiting " + waited.toSeconds() + "s";
        return "target '" + target + "' is locked" + wait + " by " + who + " (" + what + "). Wait for that run to "
                + "finish or give --lock-timeout to wait for it; a run that died releases its lock when its "
                + "database session ends";
    }
}
