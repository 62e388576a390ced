package dev.runbook.expr;

import dev.runbook.model.Limits;
import java.util.function.Supplier;

/**
 * Bounds one evaluation: in time ({@link Limits#EXPRESSION_TIMEOUT}) and in the size of the strings it
 * builds ({@link Limits#MAX_EXPRESSION_STRING}). The sandbox's method calls, string concatenation and
 * regular-expression matches consult it, so a runaway expression fails fast instead of taking the process.
 * One per {@link Expressions}; the deadline is per thread.
 */
final class Budget {
    private final ThreadLocal<long[]> deadline = new ThreadLocal<>();

    /** Runs one evaluation under a fresh deadline (a nested call keeps the outer one). */
    <T> T within(Supplier<T> evaluation) {
        if (deadline.get() != null) return evaluation.get();
        deadline.set(new long[] {System.nanoTime() + Limits.EXPRESSION_TIMEOUT.toNanos()});
        try {
            return evaluation.get();
        } finally {
            deadline.remove();
        }
    }

    /** Throws once the current evaluation is past its deadline. */
    void checkTime() {
        long[] d = deadline.get();
        if (d != null && System.nanoTime() - d[0] > 0) {
            throw new LimitExceeded("the expression took longer than " + Limits.EXPRESSION_TIMEOUT.toMillis() + " ms");
        }
    }

    /** Throws when a string of {@code chars} characters would be built. */
    void checkSize(long chars) {
        if (chars > Limits.MAX_EXPRESSION_STRING) {
            throw new LimitExceeded(String.format("the expression would build a string of %,d characters (the limit is %,d)",
                    chars, Limits.MAX_EXPRESSION_STRING));
        }
    }

    /** Checks, before the call, what a string method could build from its receiver and arguments. */
    void beforeCall(Object target, String method, Object[] args) {
        checkTime();
        if (!(target instanceof CharSequence s)) return;
        long len = s.length();
        switch (method) {
            case "repeat" -> checkSize(len * longArg(args, 0));
            case "replace" -> checkSize(len + (len + 1) * textLength(args, 1));
            case "concat" -> checkSize(len + textLength(args, 0));
            case "indent" -> checkSize(len + (len + 1) * Math.max(0, longArg(args, 0)));
            default -> { }
        }
    }

    /** Checks what a call or an operator built. */
    Object checked(Object result) {
        if (result instanceof CharSequence s) checkSize(s.length());
        return result;
    }

    /** A view of {@code text} that checks the deadline as a regular expression reads it (backtracking included). */
    CharSequence timed(CharSequence text) {
        return new TimedChars(text, this);
    }

    private static long longArg(Object[] args, int i) {
        return args != null && args.length > i && args[i] instanceof Number n ? n.longValue() : 0;
    }

    private static long textLength(Object[] args, int i) {
        return args != null && args.length > i && args[i] != null ? String.valueOf(args[i]).length() : 0;
    }

    /** An evaluation past one of the bounds; its message is the user's. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TimedChars implements CharSequence {
        private final CharSequence text;
        private final Budget budget;
        private int reads;

        TimedChars(CharSequence text, Budget budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0) budget.checkTime();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new TimedChars(text.subSequence(start, end), budget);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
