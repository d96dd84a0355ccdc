package io.grantgate.edge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What client sessions run on: the first {@code platformLimit} open sessions on platform threads,
 * any beyond on virtual threads; both do blocking I/O, one thread per session. In the command phase,
 * {@code relayLoops} event-loop threads relay plain-TCP sessions while their own threads wait
 * ({@code sessions.relay} = {@code event-loop}, the default, with {@code sessions.relay-loops}, one per
 * core, after each session's first {@code sessions.relay-after-commands}; or {@code thread}, where each
 * session relays on its own thread, as TLS sessions always do).
 *
 * <p>Platform threads are cheaper per query: a blocking socket read is one system call and the
 * kernel wakes the thread; on a virtual thread it is a failed read, a poller registration and two
 * hand-offs. Measured on 2 cores (bench/README.md): about half the gateway CPU per query and 1.5x the
 * queries per second at 1-4 client threads. But an idle platform-thread session keeps ~60 KiB more
 * resident memory (its stack and the JVM's thread structures) than a virtual one. Hence the mix:
 * a busy application pool gets platform threads, ten thousand mostly idle connections do not cost
 * a gigabyte. Settings: {@code sessions.threads} = {@code mixed} (default, with
 * {@code sessions.platform-threads}, default 1000), {@code platform} or {@code virtual}.
 */
public record SessionThreads(int platformLimit, int relayLoops, int commandsBeforeLoop) {

    public static final int DEFAULT_PLATFORM_THREADS = 1000;
    /** One relay loop per core: each is a thread that never sleeps while it has work. */
    public static final int DEFAULT_RELAY_LOOPS = Runtime.getRuntime().availableProcessors();
    /**
     * Commands a session relays on its own thread before it moves to a loop: the move costs about as
     * much as a query (mode switches, registration, a hand-off), which a connect-query-quit session
     * would pay for nothing and a pooled connection pays once.
     */
    public static final int DEFAULT_COMMANDS_BEFORE_LOOP = 8;

    private static final long STACK_SIZE = 512 * 1024;
    private static final long IDLE_THREAD_KEEP_SECONDS = 60;

    public SessionThreads {
        if (platformLimit < 0) {
            throw new IllegalArgumentException("platformLimit must not be negative: " + platformLimit);
        }
        if (relayLoops < 0 || commandsBeforeLoop < 0) {
            throw new IllegalArgumentException("relayLoops and commandsBeforeLoop must not be negative");
        }
    }

    /** With the default relay loops. */
    public SessionThreads(int platformLimit) {
        this(platformLimit, DEFAULT_RELAY_LOOPS, DEFAULT_COMMANDS_BEFORE_LOOP);
    }

    /** Starts each session at once on its own thread. */
    public SessionExecutor executor() {
        return new SessionExecutor(platformLimit);
    }

    /** Platform threads while fewer than the limit run sessions, virtual threads beyond. */
    public static final class SessionExecutor {

        private final int platformLimit;
        private final AtomicInteger onPlatform = new AtomicInteger();
        // a cached pool: a new session reuses a thread an ended one left, so churn does not pay a clone() each time
        private final ThreadPoolExecutor platform = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                IDLE_THREAD_KEEP_SECONDS,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Thread.ofPlatform()
                        .name("session-", 0)
                        .daemon(true)
                        .stackSize(STACK_SIZE)
                        .factory());
        private final ExecutorService virtual = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("vsession-", 0).factory());

        SessionExecutor(int platformLimit) {
            this.platformLimit = platformLimit;
        }

        /** @throws RejectedExecutionException when shut down; OutOfMemoryError when the OS refuses a thread */
        public void execute(Runnable session) {
            if (onPlatform.incrementAndGet() > platformLimit) {
                onPlatform.decrementAndGet();
                virtual.execute(session);
                return;
            }
            try {
                platform.execute(() -> {
                    try {
                        session.run();
                    } finally {
                        onPlatform.decrementAndGet();
                    }
                });
            } catch (RuntimeException | Error e) {
                onPlatform.decrementAndGet();
                throw e;
            }
        }

        /** Sessions on platform threads now. */
        public int onPlatformThreads() {
            return onPlatform.get();
        }

        public void shutdownNow() {
            platform.shutdownNow();
            virtual.shutdownNow();
        }
    }
}
