package dev.runbook.expr;

import java.math.MathContext;
import java.util.regex.Pattern;
import org.apache.commons.jexl3.JexlArithmetic;

/** JEXL arithmetic whose string concatenation is size-bounded and whose {@code =~} regex match is time-bounded. */
final class SandboxArithmetic extends JexlArithmetic {
    private final Budget budget;

    SandboxArithmetic(boolean strict, MathContext context, int scale, Budget budget) {
        super(strict, context, scale);
        this.budget = budget;
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
        return new SandboxArithmetic(strict, context, scale, budget);
    }

    @Override
    public Object add(Object left, Object right) {
        if (left instanceof CharSequence || right instanceof CharSequence) {
            budget.checkSize((long) String.valueOf(left).length() + String.valueOf(right).length());
        }
        return super.add(left, right);
    }

    /** {@code value =~ 'regex'} matches the whole value, as JEXL does, reading it through the deadline. */
    @Override
    public Boolean contains(Object container, Object value) {
        budget.checkTime();
        if (value != null && (container instanceof CharSequence || container instanceof Pattern)) {
            Pattern p = container instanceof Pattern pattern ? pattern : Pattern.compile(container.toString());
            return p.matcher(budget.timed(value.toString())).matches();
        }
        return super.contains(container, value);
    }
}
