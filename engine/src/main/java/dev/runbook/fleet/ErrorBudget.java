package dev.runbook.fleet;

/**
 * How many targets may fail before no new target starts ({@code --max-errors}): a count, or a percentage of the
 * targets this invocation runs (rounded down). The budget is exceeded when failures pass it: with 2, the third
 * failure stops new starts; targets already running finish.
 */
public record ErrorBudget(String written, int allowed) {

    public static ErrorBudget parse(String text, int targets) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (p >= 0 && p <= 100) return new ErrorBudget(t, (int) Math.floor(p * targets / 100.0));
            } else {
                int n = Integer.parseInt(t);
                if (n >= 0) return new ErrorBudget(t, n);
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("--max-errors '" + text + "' is not a count or a percentage: write e.g. 2 or 5%");
    }

    public boolean exceeded(int failures) {
        return failures > allowed;
    }

    public int left(int failures) {
        return Math.max(0, allowed - failures);
    }
}
