package io.grantgate.edge;

import io.grantgate.edge.RelayStep.Run;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays a script of {@link RelayStep}s through a gateway session, over the test ends of its two
 * sockets: the backend's side on a thread (each command that must reach it is read and checked
 * byte for byte, then answered with the step's server frames, and the client's LOCAL INFILE frames
 * are read and checked), the client's writes on another (every command, then COM_QUIT or another
 * last frame), and the client's reads on the caller's thread (each response must arrive exactly, in
 * order). The first failure of any side closes both sockets and opens every latch, so the others
 * stop at once instead of timing out, and is what {@link #play} throws, with the script's
 * description (its seeds) in front.
 */
final class RelayScript {

    /** How the client waits: as most clients do, or not at all. */
    enum Pacing {
        /** Each answered command waits for its response; unanswered ones (long data, close) go back-to-back. */
        LOCKSTEP,
        /** Every command at once, responses read as they come (LOCAL INFILE data still waits for its request). */
        PIPELINED
    }

    private static final long WAIT_SECONDS = 10;

    private final List<RelayStep> steps;
    private final Pacing pacing;
    private final Splits clientSplits;
    private final Splits backendSplits;
    private final CountDownLatch[] infileRequested;
    private final CountDownLatch[] responded;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final byte[] last;

    RelayScript(List<RelayStep> steps, Pacing pacing, Splits clientSplits, Splits backendSplits) {
        this(steps, pacing, clientSplits, backendSplits, RelayStep.QUIT);
    }

    /** @param last the frame the client sends after the steps, unanswered: COM_QUIT, or one that ends the session another way */
    RelayScript(List<RelayStep> steps, Pacing pacing, Splits clientSplits, Splits backendSplits, byte[] last) {
        this.last = last;
        this.steps = List.copyOf(steps);
        this.pacing = pacing;
        this.clientSplits = clientSplits;
        this.backendSplits = backendSplits;
        this.infileRequested = latches(steps.size());
        this.responded = latches(steps.size());
    }

    /** Plays every step and the last frame; throws the first failure of any side. */
    void play(Socket client, Socket backend) throws InterruptedException {
        Runnable abort = () -> {
            closeQuietly(client, backend);
            releaseAll(infileRequested);
            releaseAll(responded);
        };
        Thread backendSide = side(
                "scripted-backend", abort, () -> answerCommands(backend.getInputStream(), backend.getOutputStream()));
        Thread clientWrites = side("scripted-client", abort, () -> writeCommands(client.getOutputStream()));
        run(abort, () -> readResponses(client.getInputStream()));
        clientWrites.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        backendSide.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        Throwable first = failure.get();
        if (first != null) {
            throw new AssertionError(this + ": " + first, first);
        }
        if (clientWrites.isAlive() || backendSide.isAlive()) {
            throw new AssertionError(this + ": a side of the script did not finish");
        }
    }

    private void answerCommands(InputStream in, OutputStream out) throws Exception {
        for (RelayStep step : steps) {
            if (!step.toBackend()) {
                continue;
            }
            Wire.expect(in, step.command(), "the backend's command " + step);
            for (Run run : step.runs()) {
                if (run.fromServer()) {
                    backendSplits.write(out, run.bytes());
                } else {
                    Wire.expect(in, run.bytes(), "the backend's LOCAL INFILE data of " + step);
                }
            }
        }
    }

    private void writeCommands(OutputStream out) throws Exception {
        for (int i = 0; i < steps.size(); i++) {
            RelayStep step = steps.get(i);
            clientSplits.write(out, step.command());
            for (Run run : step.runs()) {
                if (!run.fromServer()) {
                    await(infileRequested[i], "the LOCAL INFILE request of " + step);
                    clientSplits.write(out, run.bytes());
                }
            }
            if (pacing == Pacing.LOCKSTEP && step.answeredAtAll()) {
                await(responded[i], "the response to " + step);
            }
        }
        clientSplits.write(out, last);
    }

    private void readResponses(InputStream in) throws Exception {
        for (int i = 0; i < steps.size(); i++) {
            RelayStep step = steps.get(i);
            for (Run run : step.runs()) {
                if (run.fromServer()) {
                    Wire.expect(in, run.bytes(), "the client's response to " + step + " (step " + (i + 1) + ")");
                } else {
                    infileRequested[i].countDown();
                }
            }
            responded[i].countDown();
        }
    }

    private Thread side(String name, Runnable abort, Action action) {
        return Thread.ofPlatform().name(name).daemon(true).start(() -> run(abort, action));
    }

    private void run(Runnable abort, Action action) {
        try {
            action.run();
        } catch (Throwable t) {
            if (failure.compareAndSet(null, t)) {
                abort.run();
            }
        }
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the client waited in vain for " + what);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("another side failed"); // not the failure reported
        }
    }

    private static void releaseAll(CountDownLatch[] latches) {
        for (CountDownLatch latch : latches) {
            latch.countDown();
        }
    }

    private static CountDownLatch[] latches(int count) {
        CountDownLatch[] latches = new CountDownLatch[count];
        for (int i = 0; i < count; i++) {
            latches[i] = new CountDownLatch(1);
        }
        return latches;
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (java.io.IOException ignored) {
                // closing only to unblock the other sides
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    @Override
    public String toString() {
        return pacing + " client, client writes " + clientSplits + ", backend writes " + backendSplits;
    }
}
