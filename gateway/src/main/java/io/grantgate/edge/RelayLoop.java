package io.grantgate.edge;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event-loop thread with its selector, relaying the command phase of many sessions
 * ({@link LoopedSession}). Why: with a thread per session, every packet wakes that session's thread
 * (two sleeps and two wake-ups per query); one loop thread takes whatever sockets are ready from one
 * epoll_wait and moves their bytes without sleeping in between, as an L4 proxy does. Everything
 * here runs on the loop's thread; other threads only {@link #execute} tasks on it.
 */
final class RelayLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);
    /** Buffers kept for reuse by this loop's sessions, which take them per command and response. */
    private static final int KEEP_BUFFERS = 64;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<LoopedSession> leaving = new ArrayList<>();
    private final Set<LoopedSession> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    private final RelayBuffers buffers = new RelayBuffers(KEEP_BUFFERS);
    private final Thread thread;
    private volatile boolean open = true;

    RelayLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** Runs {@code task} on the loop's thread, soon; false if the loop has stopped and never will. */
    boolean execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
        // stopped meanwhile: if the task is still queued, the loop's last round missed it
        return open || !tasks.remove(task);
    }

    @Override
    public void run() {
        try {
            while (open) {
                // releaseLeaving's selectNow clears a wakeup that a task queued meanwhile relied on:
                // with tasks waiting, do not block
                if (tasks.isEmpty()) {
                    selector.select(this::ready);
                } else {
                    selector.selectNow(this::ready);
                }
                runTasks();
                releaseLeaving();
            }
        } catch (IOException | RuntimeException e) {
            log.error("relay loop {} failed; its sessions end", thread.getName(), e);
        } finally {
            open = false;
            runTasks();
            new ArrayList<>(sessions)
                    .forEach(s -> s.end(new LoopedSession.Outcome.Closed("the gateway is stopping"), true));
            releaseLeaving();
            try {
                selector.close();
            } catch (IOException ignored) {
                log.debug("closing the selector of {}", thread.getName());
            }
        }
    }

    private void ready(SelectionKey key) {
        ((LoopedSession) key.attachment()).ready(key);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("a relay loop task failed", e);
            }
        }
    }

    void joined(LoopedSession session) {
        sessions.add(session);
    }

    /** A session stops being relayed here: its keys are cancelled now and its channels freed after this round. */
    void leave(LoopedSession session) {
        sessions.remove(session);
        leaving.add(session);
    }

    /**
     * A channel can go back to blocking mode only once its cancelled keys are deregistered, which
     * the next select does; so the sessions that left are handed back after one selectNow.
     */
    private void releaseLeaving() {
        if (leaving.isEmpty()) {
            return;
        }
        try {
            // readiness it finds for other sessions is dropped, not lost: the selector is
            // level-triggered, so the next select reports it again
            selector.selectNow(key -> {});
        } catch (IOException e) {
            log.debug("selectNow to deregister cancelled keys failed", e);
        }
        List<LoopedSession> done = new ArrayList<>(leaving);
        leaving.clear();
        done.forEach(LoopedSession::handBack);
    }

    /** This loop's own free list: only its thread takes and gives, so the lock is never contended. */
    RelayBuffers buffers() {
        return buffers;
    }

    /** Stops the loop: sessions still on it end as if the client had gone. */
    void close() {
        open = false;
        selector.wakeup();
    }
}
