package io.grantgate.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file's lines as bytes, undecoded: a record's MAC is over its bytes. Not thread-safe.
 */
final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[4096];
    private int length;
    private boolean terminated;
    private long number;

    LineReader(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** Reads the next line; false at the end of the file. */
    boolean next() throws IOException {
        length = 0;
        while (true) {
            if (position == limit) {
                limit = Math.max(in.read(chunk), 0);
                position = 0;
                if (limit == 0) {
                    terminated = false;
                    if (length == 0) {
                        return false;
                    }
                    number++;
                    return true;
                }
            }
            int end = position;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            append(position, end);
            if (end < limit) {
                position = end + 1;
                terminated = true;
                number++;
                return true;
            }
            position = limit;
        }
    }

    /** The line's bytes, valid from 0 to {@link #length()} until the next {@link #next}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Whether the line ended in a newline: only a file's last line may lack one, when it was cut short. */
    boolean terminated() {
        return terminated;
    }

    /** The line's number, from 1. */
    long number() {
        return number;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
