package dev.runbook.journal;

/** The journal table was made by a newer Runbook whose layout this one does not know, so it is left untouched. */
public final class JournalVersionException extends RuntimeException {
    private final String table;
    private final int found;
    private final int supported;

    public JournalVersionException(String table, int found, int supported) {
        super("the run journal " + table + " was created by a newer Runbook: its schema version is " + found
                + ", this Runbook understands version " + supported + " at most; upgrade Runbook to use this target");
        this.table = table;
        this.found = found;
        this.supported = supported;
    }

    public String table() {
        return table;
    }

    public int found() {
        return found;
    }

    public int supported() {
        return supported;
    }
}
