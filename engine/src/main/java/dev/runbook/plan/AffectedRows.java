package dev.runbook.plan;

/** The one reading of an {@code expect_affected} value, at plan time and at run time alike: a whole number, 0 or more. */
public final class AffectedRows {
    private AffectedRows() {}

    /** @throws IllegalArgumentException when the value is not a whole number of rows */
    public static long of(Object v) {
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            n = b.longValue();
        } else if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                && !Double.isInfinite(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String str && str.strip().matches("[0-9]{1,18}")) {
            n = Long.parseLong(str.strip());
        } else {
            throw new IllegalArgumentException("expected a whole number of rows, got " + (v == null ? "null" : "'" + v + "'"));
        }
        if (n < 0) throw new IllegalArgumentException("expected 0 or more rows, got " + n);
        return n;
    }
}
