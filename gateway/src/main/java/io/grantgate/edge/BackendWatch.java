package io.grantgate.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with a selector that watches the backend connections of idle sessions relayed on their
 * own threads. Why: such a session's thread is blocked reading its client, so a backend that closes
 * the connection (a KILL from elsewhere, {@code wait_timeout}, a restart) would go unnoticed until
 * the client's next command, which then fails with 2013; talking to the backend directly, the client
 * sees its socket close at once. (A session on a {@link RelayLoop} needs none of this: the loop
 * reads both its sockets all the time.)
 *
 * <p>A session's thread announces that it waits for its client ({@link #idle}, a queue entry: no
 * system call, no wake-up) and then reads its client without a timeout; once the client has been
 * silent for {@link #IDLE_BEFORE_WATCH}, this thread takes the backend channel over, so a busy session
 * never pays the hand-over, nor a timed read per command (on a socket channel's stream that is four
 * fcntl calls and a poll). The session takes the channel back ({@link Idle#end}) before it forwards
 * the next command. Whichever comes first wins, once: the
 * session taking the channel back, or this thread seeing the backend send or close, after which it
 * collects what the backend sent ({@link BackendFarewell}) and runs the session's loss handler on a
 * thread of its own (it writes to the client, which may block).
 *
 * <p>Threading: everything here runs on the watch's thread; sessions' threads call {@link #idle}
 * and {@link Idle#end}, which queue tasks on it once a watch has begun.
 */
final class BackendWatch implements AutoCloseable {

    /** How long a session's client is silent before its backend is watched: noticing a close takes up to this. */
    static final Duration IDLE_BEFORE_WATCH = Duration.ofMillis(250);
    /**
     * How often this thread looks at the waiting sessions when none is due sooner: an idle session's
     * backend is watched between {@link #IDLE_BEFORE_WATCH} and this much later.
     */
    static final Duration IDLE_CHECK = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(BackendWatch.class);

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Sessions waiting for their clients, oldest first (each waits the same time before its watch). */
    private final Queue<Idle> idles = new ConcurrentLinkedQueue<>();
    /** Watches whose keys were cancelled this round: their channels are free after the next selectNow. */
    private final List<Watch> released = new ArrayList<>();

    private final Thread thread;
    private volatile boolean open = true;

    /** How a backend went: what it sent first, and whether it reset the connection rather than closing it. */
    record Loss(BackendFarewell farewell, boolean reset) {}

    private BackendWatch(Selector selector) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().name("backend-watch").daemon(true).unstarted(this::run);
    }

    static BackendWatch start() {
        BackendWatch watch;
        try {
            watch = new BackendWatch(Selector.open());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the backend watch", e);
        }
        watch.thread.start();
        return watch;
    }

    /**
     * From a session's thread, its backend idle and nothing of it unread, as it starts to wait for its
     * client: unless {@link Idle#end} comes first, this thread watches {@code backend} (in
     * non-blocking mode) from {@link #IDLE_BEFORE_WATCH} on; if the backend sends or closes first,
     * {@code lost} runs once, on a thread of its own. Costs the session
     * no system call, and this thread no wake-up: it looks at the waiting sessions when it next
     * selects, at least every {@link #IDLE_CHECK}.
     */
    Idle idle(SocketChannel backend, Consumer<Loss> lost) {
        Idle idle = new Idle(backend, lost, System.nanoTime());
        if (open) {
            idles.add(idle);
        }
        return idle;
    }

    /** A session waiting for its client: not watched yet, ended, or handed to a {@link Watch}. */
    final class Idle {

        private static final int WAITING = 0;
        private static final int ENDED = 1;
        private static final int WATCHED = 2;

        private final SocketChannel channel;
        private final Consumer<Loss> lost;
        private final long since;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** The watch this thread made of it, once {@link #WATCHED}. */
        private final CompletableFuture<Watch> watch = new CompletableFuture<>();

        private Idle(SocketChannel channel, Consumer<Loss> lost, long since) {
            this.channel = channel;
            this.lost = lost;
            this.since = since;
        }

        /**
         * From the session's thread, its client has sent (or gone): the channel is the session's
         * again, in blocking mode. True when the backend is still there; false when it went first,
         * and then the loss handler has run. Without a system call unless the watch had begun.
         */
        boolean end() throws IOException {
            if (state.compareAndSet(WAITING, ENDED)) {
                return true;
            }
            return watch.join().stop();
        }

        /** On the watch's thread, once due: watched from now on, unless the session ended the wait first. */
        private void begin() {
            if (!state.compareAndSet(WAITING, WATCHED)) {
                return;
            }
            Watch started = new Watch(channel, lost);
            try {
                channel.configureBlocking(false);
                started.register();
            } catch (IOException | RuntimeException e) {
                // closed under the session, which finds out itself; stop() gives the channel back
                log.debug("cannot watch a backend connection: {}", e.toString());
            }
            watch.complete(started);
        }
    }

    /** One session's backend channel while it is watched. */
    final class Watch {

        private final SocketChannel channel;
        private final Consumer<Loss> lost;
        /** Whichever of the session and this thread takes it first decides; never held across a blocking call. */
        private final ReentrantLock lock = new ReentrantLock();
        /** Complete once the selector has let go of the channel (or has closed). */
        private final CompletableFuture<Void> deregistered = new CompletableFuture<>();
        /** Complete once the loss handler has run; only if the backend went first. */
        private final CompletableFuture<Void> handled = new CompletableFuture<>();

        /** The session took the channel back: guarded by {@link #lock}. */
        private boolean stopped;
        /** The backend went first: guarded by {@link #lock}. */
        private boolean gone;

        private SelectionKey key;

        private Watch(SocketChannel channel, Consumer<Loss> lost) {
            this.channel = channel;
            this.lost = lost;
        }

        /**
         * From the session's thread: ends the watch, the channel back in blocking mode either way (a
         * TLS socket over it may have to write its close_notify). True when the backend is still
         * there; false when it went first, and then the loss handler has run.
         */
        boolean stop() throws IOException {
            boolean backendWent;
            lock.lock();
            try {
                backendWent = gone;
                stopped = !gone;
            } finally {
                lock.unlock();
            }
            if (backendWent) {
                handled.join();
            } else if (!execute(this::release)) {
                deregistered.complete(null); // the watch has stopped: its selector is closed, the channel free
            }
            deregistered.join();
            try {
                channel.configureBlocking(true);
            } catch (IOException e) {
                if (!backendWent) {
                    throw e;
                }
                log.debug("the lost backend channel stays as it is: {}", e.toString());
            }
            return !backendWent;
        }

        private void register() {
            lock.lock();
            try {
                if (stopped) {
                    return; // stopped before this thread got to it: its release task follows
                }
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (IOException | RuntimeException e) {
                // closed under the session, which finds out itself
                log.debug("cannot watch a backend connection: {}", e.toString());
            } finally {
                lock.unlock();
            }
        }

        private void release() {
            if (key != null) {
                key.cancel();
            }
            released.add(this);
        }

        /** The selector says the backend sent something, or closed. */
        private void ready() {
            Loss loss;
            lock.lock();
            try {
                if (stopped || gone) {
                    return; // the session took it back just now: its release task is queued
                }
                loss = read();
                if (loss == null) {
                    return;
                }
                gone = true;
            } finally {
                lock.unlock();
            }
            release();
            Thread.ofVirtual().name("backend-lost").start(() -> {
                try {
                    lost.accept(loss);
                } catch (RuntimeException e) {
                    log.warn("handling a lost backend connection failed", e);
                } finally {
                    handled.complete(null);
                }
            });
        }

        /**
         * What the backend sent and how it ended; null if it sent nothing after all. What is here now
         * is all there is to relay: a server writes its last ERR at once, and a session must not wait
         * on a backend that sent only part of one.
         */
        private Loss read() {
            BackendFarewell farewell = new BackendFarewell();
            byte[] piece = new byte[BackendFarewell.MAX_LENGTH];
            try {
                int n = channel.read(ByteBuffer.wrap(piece));
                if (n == 0) {
                    return null;
                }
                while (n > 0 && !farewell.add(piece, 0, n)) {
                    n = channel.read(ByteBuffer.wrap(piece));
                }
                return new Loss(farewell, false);
            } catch (IOException e) {
                return new Loss(farewell, true);
            }
        }
    }
    /** Runs {@code task} on the watch's thread, soon; false if the watch has stopped and never will. */
    private boolean execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
        // stopped meanwhile: if the task is still queued, the last round missed it
        return open || !tasks.remove(task);
    }

    private void run() {
        try {
            while (open) {
                // settleReleased's selectNow clears a wakeup that a task queued meanwhile relied on:
                // with tasks waiting, do not block
                if (tasks.isEmpty()) {
                    selector.select(key -> ((Watch) key.attachment()).ready(), beginDueIdles());
                } else {
                    selector.selectNow(key -> ((Watch) key.attachment()).ready());
                }
                runTasks();
                beginDueIdles();
                settleReleased();
            }
        } catch (IOException | RuntimeException e) {
            log.error("the backend watch failed; idle sessions' backends are not watched any more", e);
        } finally {
            open = false;
            runTasks();
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing the backend watch's selector", e);
            }
            // the closed selector let go of every channel
            released.forEach(w -> w.deregistered.complete(null));
        }
    }

    /**
     * Watches the sessions that have waited {@link #IDLE_BEFORE_WATCH} and drops those that stopped
     * waiting; returns how long to select before the next one is due, in milliseconds (at most
     * {@link #IDLE_CHECK}, as sessions start waiting without waking this thread).
     */
    private long beginDueIdles() {
        long now = System.nanoTime();
        long due = IDLE_BEFORE_WATCH.toNanos();
        Idle head;
        while ((head = idles.peek()) != null) {
            if (head.state.get() == Idle.WAITING && now - head.since < due) {
                long wait = TimeUnit.NANOSECONDS.toMillis(due - (now - head.since)) + 1;
                return Math.min(wait, IDLE_CHECK.toMillis());
            }
            idles.poll();
            head.begin();
        }
        return IDLE_CHECK.toMillis();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** A channel can go back to blocking mode only once its cancelled key is deregistered, which a select does. */
    private void settleReleased() throws IOException {
        if (released.isEmpty()) {
            return;
        }
        // readiness found for other watches is dropped, not lost: the selector is level-triggered
        selector.selectNow(key -> {});
        released.forEach(w -> w.deregistered.complete(null));
        released.clear();
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
