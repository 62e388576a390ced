package dev.runbook.fleet;

import dev.runbook.text.Hashes;

/**
 * The I-th of N deterministic slices of a fleet ({@code --shard I/N}): a target belongs to the shard its name's
 * SHA-256 falls into, so every machine computes the same split without talking to the others, and adding a target
 * never moves another one.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist: write I/N with 1 <= I <= N");
        }
    }

    /** Parses {@code I/N}; IllegalArgumentException says what was expected. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("--shard '" + text + "' is not I/N: write e.g. 2/3 (the second of three shards)");
    }

    public boolean contains(String targetName) {
        return count == 1 || Math.floorMod(hash(targetName), count) == index - 1;
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** The first 8 bytes of the name's SHA-256, the same on every machine and JVM. */
    static long hash(String name) {
        return Long.parseUnsignedLong(Hashes.sha256(name).substring(0, 16), 16);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
