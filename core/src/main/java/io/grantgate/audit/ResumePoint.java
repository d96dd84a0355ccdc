package io.grantgate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where a writer takes up an existing file of the trail: its first and last complete records, and the
 * partial line a killed writer may have left after them.
 *
 * @param completeBytes the length of the file up to and including its last newline
 * @param partialBytes the bytes after that: a line cut short
 * @param first the first record, empty when the file holds no complete line
 * @param last the last complete record, empty when the file holds no complete line
 */
record ResumePoint(long completeBytes, long partialBytes, Optional<AuditLine> first, Optional<AuditLine> last) {

    private static final int CHUNK = 64 * 1024;

    boolean hasRecords() {
        return last.isPresent();
    }

    /**
     * Reads the ends of {@code file}, not the whole of it.
     *
     * @throws IOException when its first or last complete line is not an audit record: the writer
     *     cannot know where the chain stands
     */
    static ResumePoint read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long lastNewline = lastNewlineBefore(channel, size);
            if (lastNewline < 0) {
                return new ResumePoint(0, size, Optional.empty(), Optional.empty());
            }
            long lastStart = lastNewlineBefore(channel, lastNewline) + 1;
            AuditLine last = parse(file, "last", read(channel, lastStart, lastNewline));
            long firstEnd = firstNewline(channel, lastNewline);
            AuditLine first = firstEnd == lastNewline ? last : parse(file, "first", read(channel, 0, firstEnd));
            return new ResumePoint(lastNewline + 1, size - lastNewline - 1, Optional.of(first), Optional.of(last));
        }
    }

    private static AuditLine parse(Path file, String which, byte[] line) throws IOException {
        try {
            return AuditLine.parse(line, line.length);
        } catch (AuditLine.MalformedLine e) {
            throw new IOException("audit file " + file + ": its " + which + " line is not an audit record ("
                    + e.getMessage() + "); the chain cannot be continued from it: move the file aside");
        }
    }

    /** The position of the last newline before {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        long to = end;
        while (to > 0) {
            long from = Math.max(0, to - CHUNK);
            chunk.clear().limit((int) (to - from));
            readFully(channel, chunk, from);
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i;
                }
            }
            to = from;
        }
        return -1;
    }

    /** The position of the first newline; {@code knownNewline} is one, so there is one. */
    private static long firstNewline(FileChannel channel, long knownNewline) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (long from = 0; from < knownNewline; from += CHUNK) {
            chunk.clear().limit((int) Math.min(CHUNK, knownNewline - from));
            readFully(channel, chunk, from);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) == '\n') {
                    return from + i;
                }
            }
        }
        return knownNewline;
    }

    private static byte[] read(FileChannel channel, long from, long to) throws IOException {
        if (to - from > Integer.MAX_VALUE - 8) {
            throw new IOException("a line of " + (to - from) + " bytes is no audit record");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (to - from));
        readFully(channel, bytes, from);
        return bytes.array();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file shrank while it was read");
            }
            at += n;
        }
    }
}
