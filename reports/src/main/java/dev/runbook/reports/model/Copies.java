package dev.runbook.reports.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant, order-keeping immutable copies for record components. */
public final class Copies {

    private Copies() {
    }

    /** Copies a list, keeping null elements (SQL NULL cells) that {@link List#copyOf} would reject. */
    public static <T> List<T> list(List<? extends T> source) {
        if (source == null || source.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(source));
    }

    /** Copies a map keeping insertion order, because people read params in the order they were declared. */
    public static <K, V> Map<K, V> map(Map<? extends K, ? extends V> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    /** Copies a table of rows, each row copied too. */
    public static List<List<String>> rows(List<? extends List<String>> source) {
        if (source == null || source.isEmpty()) {
            return List.of();
        }
        List<List<String>> copy = new ArrayList<>(source.size());
        for (List<String> row : source) {
            copy.add(list(row));
        }
        return Collections.unmodifiableList(copy);
    }
}
