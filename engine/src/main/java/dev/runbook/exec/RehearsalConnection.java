package dev.runbook.exec;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A target connection as a rehearsal lends it out: one transaction for the whole rehearsal, never committed.
 * Where a step (or Flyway) would begin, commit or roll back, it gets a savepoint, its release, or a rollback to
 * it, so a failing step is undone on its own just as in a run; closing it is a no-op. Used by one thread.
 */
final class RehearsalConnection implements InvocationHandler {
    private final Connection real;
    private Savepoint current;

    private RehearsalConnection(Connection real) {
        this.real = real;
    }

    static Connection wrap(Connection real) throws SQLException {
        real.setAutoCommit(false);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new RehearsalConnection(real));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "setAutoCommit" -> {
                begin();
                return null;
            }
            case "getAutoCommit" -> {
                return false;
            }
            case "commit" -> {
                if (current != null) real.releaseSavepoint(current);
                current = null;
                return null;
            }
            case "rollback" -> {
                if (args == null || args.length == 0) {
                    if (current != null) real.rollback(current);
                    current = null;
                    return null;
                }
                return real.getClass().getMethod("rollback", Savepoint.class).invoke(real, args);
            }
            case "close" -> {
                return null;
            }
            case "isClosed" -> {
                return real.isClosed();
            }
            case "unwrap", "isWrapperFor", "equals", "hashCode", "toString" -> {
                if (method.getName().equals("equals")) return proxy == args[0];
                if (method.getName().equals("hashCode")) return System.identityHashCode(proxy);
                if (method.getName().equals("toString")) return "rehearsal(" + real + ")";
                return invokeReal(method, args);
            }
            default -> {
                return invokeReal(method, args);
            }
        }
    }

    /** A step begins: everything it does can be undone alone, back to here. */
    private void begin() throws SQLException {
        if (current != null) real.releaseSavepoint(current);
        current = real.setSavepoint();
    }

    private Object invokeReal(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
