package io.grantgate.bench.netfuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads everything the gateway sends on one fuzzed connection, on a virtual thread of its own so that
 * the writer never blocks on it: the frames go to a queue the login and a COM_CHANGE_USER's answer
 * read from, the ERR codes into a set, and the end of the stream is noted.
 */
final class ServerReplies {

    /** The writer only looks for a few login packets; a long result beyond this is counted, not kept. */
    private static final int QUEUE_CAPACITY = 1024;

    private static final int BUFFER = 16 * 1024;
    private static final int ERR_CODE_LENGTH = 3;

    private final InputStream in;
    private final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Set<Integer> errorCodes = new TreeSet<>();
    private final Thread thread;
    private volatile SessionOutcome.End end;

    private ServerReplies(InputStream in) {
        this.in = in;
        this.thread = Thread.ofVirtual().unstarted(this::read);
    }

    static ServerReplies start(InputStream in) {
        ServerReplies replies = new ServerReplies(in);
        replies.thread.start();
        return replies;
    }

    private void read() {
        FrameSplitter splitter = new FrameSplitter();
        byte[] buffer = new byte[BUFFER];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (byte[] frame : splitter.add(buffer, 0, n)) {
                    if (Wire.firstByte(frame) == Wire.ERR && frame.length >= Wire.HEADER_LENGTH + ERR_CODE_LENGTH) {
                        int code = (frame[Wire.HEADER_LENGTH + 1] & 0xFF) | (frame[Wire.HEADER_LENGTH + 2] & 0xFF) << 8;
                        synchronized (errorCodes) {
                            errorCodes.add(code);
                        }
                    }
                    frames.offer(frame);
                }
            }
            end = SessionOutcome.End.GATEWAY_CLOSED;
        } catch (SocketTimeoutException e) {
            end = SessionOutcome.End.HUNG;
        } catch (SocketException e) {
            // "Connection reset" from the gateway, or "Socket closed" by our own side
            end = e.getMessage() != null && e.getMessage().contains("reset")
                    ? SessionOutcome.End.GATEWAY_RESET
                    : SessionOutcome.End.CLIENT_CLOSED;
        } catch (IOException e) {
            end = SessionOutcome.End.GATEWAY_RESET;
        }
    }

    /** The next frame, or null when none came in time or the stream ended. */
    byte[] next(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            byte[] frame = frames.poll(20, TimeUnit.MILLISECONDS);
            if (frame != null) {
                return frame;
            }
            if (end != null && frames.isEmpty()) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    /** Waits for the gateway to end the stream; true if it did within the time. */
    boolean awaitEnd(long timeoutMillis) throws InterruptedException {
        return thread.join(java.time.Duration.ofMillis(timeoutMillis)) && end != SessionOutcome.End.HUNG;
    }

    /** Waits for the reader after the socket was closed here (it ends at once). */
    void join() throws InterruptedException {
        thread.join();
    }

    SessionOutcome.End end() {
        return end;
    }

    Set<Integer> errorCodes() {
        synchronized (errorCodes) {
            return Set.copyOf(errorCodes);
        }
    }
}
