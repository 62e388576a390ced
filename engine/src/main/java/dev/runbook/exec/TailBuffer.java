package dev.runbook.exec;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written to it, so a chatty process cannot exhaust memory. Thread-safe. */
final class TailBuffer {
    static final int DEFAULT_CAPACITY = 64 * 1024;

    private final byte[] ring;
    private long written;

    TailBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) (written++ % ring.length)] = b[off + i];
        }
    }

    synchronized boolean truncated() {
        return written > ring.length;
    }

    synchronized String text() {
        int n = (int) Math.min(written, ring.length);
        byte[] out = new byte[n];
        int start = (int) (written % ring.length);
        if (written <= ring.length) System.arraycopy(ring, 0, out, 0, n);
        else {
            System.arraycopy(ring, start, out, 0, ring.length - start);
            System.arraycopy(ring, 0, out, ring.length - start, start);
        }
        // A cut may split a multi-byte character; the decoder replaces the stray bytes.
        return new String(out, StandardCharsets.UTF_8);
    }
}
