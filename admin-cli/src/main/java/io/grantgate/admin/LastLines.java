package io.grantgate.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last complete lines of a series of files, read from their ends: an audit file may hold 100 MiB.
 * A line without its newline (a record being written) is not one of them. Stateless.
 */
final class LastLines {

    private static final int CHUNK = 64 * 1024;

    private LastLines() {}

    /** Up to {@code count} last lines of {@code files} taken as one text, in order. */
    static List<String> of(List<Path> files, int count) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        for (int i = files.size() - 1; i >= 0 && lines.size() < count; i--) {
            prependLastLines(files.get(i), count - lines.size(), lines);
        }
        return List.copyOf(lines);
    }

    /** The length of {@code file} up to and including its last newline. */
    static long completeBytes(FileChannel file) throws IOException {
        return lastNewlineBefore(file, file.size()) + 1;
    }

    private static void prependLastLines(Path file, int count, Deque<String> lines) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = completeBytes(channel) - 1; // the newline ending the last line, or -1
            for (int n = 0; n < count && end >= 0; n++) {
                long start = lastNewlineBefore(channel, end) + 1;
                lines.addFirst(read(channel, start, end));
                end = start - 1;
            }
        }
    }

    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (long to = end; to > 0; ) {
            long from = Math.max(0, to - CHUNK);
            chunk.clear().limit((int) (to - from));
            while (chunk.hasRemaining() && channel.read(chunk, from + chunk.position()) >= 0) {
                // read the whole chunk
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i;
                }
            }
            to = from;
        }
        return -1;
    }

    private static String read(FileChannel channel, long from, long to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(to - from, CHUNK));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (long at = from; at < to; ) {
            chunk.clear().limit((int) Math.min(CHUNK, to - at));
            int n = channel.read(chunk, at);
            if (n < 0) {
                break;
            }
            bytes.write(chunk.array(), 0, n);
            at += n;
        }
        return bytes.toString(UTF_8);
    }
}
