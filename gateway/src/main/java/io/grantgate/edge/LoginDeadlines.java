package io.grantgate.edge;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection whose login is not done within the handshake timeout, however its bytes arrive.
 * The socket's read timeout alone ends a client that goes quiet, but not one that sends a byte every
 * few seconds: such a client (a slowloris) would hold a connection slot and a session thread for as
 * long as it likes, and a few thousand of them would lock everyone else out. One timer thread closes
 * the socket at the deadline unless the login was done first; the session's thread, whose read then
 * fails, asks {@link Deadline#expired()} to tell a timeout from any other broken connection.
 *
 * <p>Thread-safe; closed with the server.
 */
final class LoginDeadlines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoginDeadlines.class);

    private final ScheduledThreadPoolExecutor timer;
    private final Duration timeout;

    LoginDeadlines(Duration timeout) {
        this.timeout = timeout;
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("login-deadline").daemon(true).factory());
        // thousands of logins a second each cancel theirs: cancelled ones must not wait in the queue
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts the clock for a connection that has just been accepted. */
    Deadline start(Socket socket) {
        Deadline deadline = new Deadline(socket);
        deadline.future = timer.schedule(deadline::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return deadline;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One connection's login deadline. */
    static final class Deadline {

        private static final int RUNNING = 0;
        private static final int MET = 1;
        private static final int EXPIRED = 2;

        private final Socket socket;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile ScheduledFuture<?> future;

        private Deadline(Socket socket) {
            this.socket = socket;
        }

        /**
         * The login is done (or refused and answered): the timer no longer closes the connection.
         * False when the deadline passed first: the socket is closed or about to be.
         */
        boolean met() {
            boolean met = state.compareAndSet(RUNNING, MET) || state.get() == MET;
            ScheduledFuture<?> pending = future;
            if (pending != null) {
                pending.cancel(false);
            }
            return met;
        }

        /** Whether the timer closed the connection because the login took too long. */
        boolean expired() {
            return state.get() == EXPIRED;
        }

        private void expire() {
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    log.debug("closing a connection past its login deadline", ignored);
                }
            }
        }
    }
}
