package io.grantgate.edge;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection whose login is not done within the handshake timeout, however its bytes arrive.
 * A read timeout would end a client that goes quiet, but not one that sends a byte every few
 * seconds: such a client (a slowloris) would hold a connection slot and a session thread for as
 * long as it likes, and a few thousand of them would lock everyone else out. One timer thread closes
 * the socket at the deadline unless the login was done first; the session's thread, whose read then
 * fails, asks {@link Deadline#expired()} to tell a timeout from any other broken connection. The
 * login's reads have no timeout of their own: a timed read costs four fcntl calls and a poll.
 *
 * <p>Every deadline is the same timeout after its start, so the deadlines in start order are also in
 * expiry order: a queue, not a heap. Starting one is an append and meeting one a compare-and-set; the
 * timer drops met deadlines from the head when it wakes, which it does at the oldest running
 * deadline or after a {@link #TICK}, not once per login (a scheduled executor's task per login, its
 * cancel and the timer's re-wait cost a futex call or two and a wake-up of the timer each).
 *
 * <p>Thread-safe; closed with the server.
 */
final class LoginDeadlines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoginDeadlines.class);

    /** The longest the timer sleeps while nothing is running: how long met deadlines may stay queued. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final long timeoutNanos;
    private final ConcurrentLinkedQueue<Deadline> running = new ConcurrentLinkedQueue<>();
    private final Thread timer;

    LoginDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.timer = Thread.ofPlatform().name("login-deadline").daemon(true).start(this::run);
    }

    /** Starts the clock for a connection that has just been accepted. */
    Deadline start(Socket socket) {
        Deadline deadline = new Deadline(socket, System.nanoTime() + timeoutNanos);
        running.add(deadline);
        return deadline;
    }

    @Override
    public void close() {
        // the timer stops at its next sleep, at once if it is sleeping
        timer.interrupt();
    }

    private void run() {
        while (true) {
            long sleep = TICK.toNanos();
            Deadline head;
            while ((head = running.peek()) != null) {
                long left = head.at - System.nanoTime();
                if (!head.isRunning()) {
                    running.poll();
                } else if (left <= 0) {
                    running.poll();
                    head.expire();
                } else {
                    sleep = Math.min(sleep, left);
                    break;
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One connection's login deadline. */
    static final class Deadline {

        private static final int RUNNING = 0;
        private static final int MET = 1;
        private static final int EXPIRED = 2;

        /** Dropped once met: a met deadline may wait in the queue behind a running one for up to the timeout. */
        private Socket socket;

        private final long at;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        private Deadline(Socket socket, long at) {
            this.socket = socket;
            this.at = at;
        }

        /**
         * The login is done (or refused and answered): the timer no longer closes the connection.
         * False when the deadline passed first: the socket is closed or about to be.
         */
        boolean met() {
            if (state.compareAndSet(RUNNING, MET)) {
                // only expire() reads it, and only after winning the state, which it now cannot
                socket = null;
                return true;
            }
            return state.get() == MET;
        }

        /** Whether the timer closed the connection because the login took too long. */
        boolean expired() {
            return state.get() == EXPIRED;
        }

        private boolean isRunning() {
            return state.get() == RUNNING;
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
