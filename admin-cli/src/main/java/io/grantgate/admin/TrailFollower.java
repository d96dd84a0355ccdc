package io.grantgate.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.grantgate.audit.AuditFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Prints the lines appended to the trail as they come, through rotations. The writer renames the
 * current file and starts a new one under the same name; when that name stands for another file than
 * the one being read, the rest of that one is printed, then each file that followed it in the trail,
 * rotated ones included: several rotations may pass between two looks. Runs until its thread is
 * interrupted. Not thread-safe: one thread runs it.
 */
final class TrailFollower {

    private final Path current;
    private final PrintWriter out;
    private final Duration poll;
    private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** The file being read, and its identity (device and inode on Linux): names move, files do not. */
    private FileChannel file;

    private Object fileKey;
    private long position;

    TrailFollower(Path current, PrintWriter out, Duration poll) {
        this.current = current;
        this.out = out;
        this.poll = poll;
    }

    /**
     * Follows from {@code from} in the current file (what was printed already ends there).
     *
     * @throws InterruptedException when the thread is interrupted: the way to stop following
     */
    void follow(long from) throws IOException, InterruptedException {
        try {
            if (open(current)) {
                position = from;
            }
            while (true) {
                if (file == null) {
                    open(current);
                } else if (printAppended()) {
                    continue;
                } else if (moved()) {
                    printAppended(); // what the writer wrote before it renamed the file
                    if (openSuccessor()) {
                        continue;
                    }
                }
                Thread.sleep(poll);
            }
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("interrupted while reading " + current);
        } finally {
            close();
        }
    }

    /** Prints the complete lines appended since the last call; whether there were new bytes. */
    private boolean printAppended() throws IOException {
        boolean read = false;
        while (true) {
            chunk.clear();
            int n = file.read(chunk, position);
            if (n <= 0) {
                break;
            }
            read = true;
            position += n;
            byte[] bytes = chunk.array();
            int lineStart = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, lineStart, i - lineStart);
                    out.println(partial.toString(UTF_8));
                    partial.reset();
                    lineStart = i + 1;
                }
            }
            partial.write(bytes, lineStart, n - lineStart);
        }
        if (read) {
            out.flush();
        }
        return read;
    }

    /** Whether the current file's name now stands for another file than the one being read. */
    private boolean moved() throws IOException {
        Object now = key(current);
        return now != null && !Objects.equals(now, fileKey);
    }

    /**
     * Moves on to the file after the one being read: the next rotated file, or the current one. False
     * when there is none yet (between a rotation's rename and the new file).
     */
    private boolean openSuccessor() throws IOException {
        List<Path> files = AuditFiles.of(current);
        for (int i = 0; i < files.size(); i++) {
            if (Objects.equals(key(files.get(i)), fileKey)) {
                return i + 1 < files.size() && open(files.get(i + 1));
            }
        }
        return open(current); // the file being read is gone from the trail's directory
    }

    /** Opens {@code path} from its start; false when it does not exist, or was renamed while being opened. */
    private boolean open(Path path) throws IOException {
        close();
        try {
            Object before = key(path);
            FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
            if (before == null || !before.equals(key(path))) {
                opened.close();
                return false;
            }
            file = opened;
            fileKey = before;
            position = 0;
            partial.reset();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static Object key(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
