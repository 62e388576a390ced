package dev.runbook.cli;

/** The exit-code contract of every command. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int PRECONDITION = 3;
    public static final int ROLLBACK_FAILED = 4;
    public static final int LOCKED = 5;
    public static final int AWAITING_APPROVAL = 6;

    private ExitCodes() {}
}
