package dev.runbook.reports.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Finds where an existing log ends so a writer can append after its last complete line. */
final class ExistingLog {

    private static final int CHUNK = 64 * 1024;

    private ExistingLog() {
    }

    /** Cuts a torn last line (no trailing newline) and returns the {@code seq} of the last complete line. */
    static long prepareForAppend(FileChannel channel, ObjectMapper mapper) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        long end = lastNewlineAtOrBefore(channel, size - 1) + 1;
        if (end < size) {
            channel.truncate(end);
            channel.force(false);
        }
        if (end == 0) {
            return 0;
        }
        long start = lastNewlineAtOrBefore(channel, end - 2) + 1;
        ByteBuffer line = ByteBuffer.allocate((int) (end - 1 - start));
        readFully(channel, line, start);
        JsonNode last = mapper.readTree(new String(line.array(), StandardCharsets.UTF_8));
        if (last == null || !last.path("seq").canConvertToLong()) {
            throw new IOException("cannot append: the last line of the existing event log has no seq");
        }
        return last.path("seq").asLong();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("event log shrank while being opened for append");
            }
            at += read;
        }
    }

    /** Position of the last '\n' at or before {@code from}, or -1. */
    private static long lastNewlineAtOrBefore(FileChannel channel, long from) throws IOException {
        long pos = from;
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        while (pos >= 0) {
            long chunkStart = Math.max(0, pos - CHUNK + 1);
            buffer.clear().limit((int) (pos - chunkStart + 1));
            readFully(channel, buffer, chunkStart);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return chunkStart + i;
                }
            }
            pos = chunkStart - 1;
        }
        return -1;
    }
}
