package dev.runbook.expr;

import java.util.Iterator;
import java.util.List;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;
import org.apache.commons.jexl3.introspection.JexlPropertySet;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/** JEXL's introspection, with every method call it finds checked against the evaluation's {@link Budget}. */
final class BoundedUberspect implements JexlUberspect {
    private final JexlUberspect base;
    private final Budget budget;

    BoundedUberspect(JexlUberspect base, Budget budget) {
        this.base = base;
        this.budget = budget;
    }

    @Override
    public JexlMethod getMethod(Object obj, String method, Object... args) {
        JexlMethod found = base.getMethod(obj, method, args);
        return found == null ? null : new Bounded(found, method, budget);
    }

    @Override
    public List<PropertyResolver> getResolvers(JexlOperator op, Object obj) {
        return base.getResolvers(op, obj);
    }

    @Override
    public void setClassLoader(ClassLoader loader) {
        base.setClassLoader(loader);
    }

    @Override
    public ClassLoader getClassLoader() {
        return base.getClassLoader();
    }

    @Override
    public int getVersion() {
        return base.getVersion();
    }

    @Override
    public JexlMethod getConstructor(Object ctorHandle, Object... args) {
        return null; // the sandbox creates no objects
    }

    @Override
    public JexlPropertyGet getPropertyGet(Object obj, Object identifier) {
        return base.getPropertyGet(obj, identifier);
    }

    @Override
    public JexlPropertyGet getPropertyGet(List<PropertyResolver> resolvers, Object obj, Object identifier) {
        return base.getPropertyGet(resolvers, obj, identifier);
    }

    @Override
    public JexlPropertySet getPropertySet(Object obj, Object identifier, Object arg) {
        return null; // expressions do not assign
    }

    @Override
    public JexlPropertySet getPropertySet(List<PropertyResolver> resolvers, Object obj, Object identifier, Object arg) {
        return null;
    }

    @Override
    public Iterator<?> getIterator(Object obj) {
        return base.getIterator(obj);
    }

    @Override
    public JexlArithmetic.Uberspect getArithmetic(JexlArithmetic arithmetic) {
        return base.getArithmetic(arithmetic);
    }

    private record Bounded(JexlMethod method, String name, Budget budget) implements JexlMethod {
        @Override
        public Object invoke(Object obj, Object... params) throws Exception {
            budget.beforeCall(obj, name, params);
            return budget.checked(method.invoke(obj, params));
        }

        @Override
        public Object tryInvoke(String methodName, Object obj, Object... params) throws JexlException.TryFailed {
            budget.beforeCall(obj, methodName, params);
            Object result = method.tryInvoke(methodName, obj, params);
            return method.tryFailed(result) ? result : budget.checked(result);
        }

        @Override
        public boolean tryFailed(Object rval) {
            return method.tryFailed(rval);
        }

        @Override
        public boolean isCacheable() {
            return method.isCacheable();
        }

        @Override
        public Class<?> getReturnType() {
            return method.getReturnType();
        }
    }
}
