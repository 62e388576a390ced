package dev.runbook.diag;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?": the closest of a set of names to a mistyped one, within a few edits. */
public final class Suggestions {
    private Suggestions() {}

    /** The candidate nearest to {@code word} (case-insensitive edit distance), or null when none is close. */
    public static String closest(String word, Collection<String> candidates) {
        return closest(word, candidates, Math.max(1, Math.min(3, word.length() / 3)));
    }

    /** As {@link #closest(String, Collection)}, within at most {@code maxEdits} edits (a swap of two letters is two). */
    public static String closest(String word, Collection<String> candidates, int maxEdits) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates.stream().sorted().toList()) {
            int d = distance.apply(word.toLowerCase(Locale.ROOT), c);
            if (d < bestScore) {
                bestScore = d;
                best = c;
            }
        }
        return best != null && bestScore <= maxEdits ? best : null;
    }
}
