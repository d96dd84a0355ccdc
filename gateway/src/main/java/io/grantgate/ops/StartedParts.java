package io.grantgate.ops;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start-up has started so far, in the order it started them. Each part is added the moment it
 * runs, so that whatever stops the process, a normal stop or a later start-up step that fails, closes
 * exactly what runs, newest first: a part stops before the parts it uses. A part that fails to close
 * is reported and the rest still close. Thread-safe; closing twice closes nothing the second time.
 */
public final class StartedParts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartedParts.class);

    private record Part(String name, AutoCloseable closeable) {}

    private final Deque<Part> parts = new ArrayDeque<>();
    /** Not a monitor: closing does I/O, which would pin a virtual thread's carrier on JDK 21. */
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Registers a part that has just started.
     *
     * @param name what the part is, for the log: "the backend pool"
     * @return {@code part}, so that a start-up step reads {@code pool = parts.add("the backend pool", new BackendPool(...))}
     */
    public <T extends AutoCloseable> T add(String name, T part) {
        Part added = new Part(Objects.requireNonNull(name, "name"), Objects.requireNonNull(part, "part"));
        lock.lock();
        try {
            parts.push(added);
        } finally {
            lock.unlock();
        }
        return part;
    }

    /** Closes every part, newest first; each one that fails to close is logged at WARN. */
    @Override
    public void close() {
        closeAll(failure -> {});
    }

    /**
     * For a start-up step that failed: closes every part started before it, newest first, and adds
     * each close failure to {@code failure} as suppressed (and logs it at WARN). The caller then
     * rethrows {@code failure}, which stays the exception the start-up reports.
     */
    public void closeAfter(Throwable failure) {
        closeAll(failure::addSuppressed);
    }

    private void closeAll(Consumer<Exception> failures) {
        lock.lock();
        try {
            closeEach(failures);
        } finally {
            lock.unlock();
        }
    }

    private void closeEach(Consumer<Exception> failures) {
        Part part;
        while ((part = parts.poll()) != null) {
            try {
                part.closeable().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    // the others still close; whoever interrupted learns of it from the flag
                    Thread.currentThread().interrupt();
                }
                log.warn("closing {} failed; closing the rest", part.name(), e);
                failures.accept(e);
            }
        }
    }
}
