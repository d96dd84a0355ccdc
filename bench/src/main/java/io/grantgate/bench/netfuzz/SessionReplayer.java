package io.grantgate.bench.netfuzz;

import io.grantgate.bench.client.Auth;
import io.grantgate.bench.client.AuthSwitch;
import io.grantgate.bench.client.Greeting;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Plays one {@link SessionPlan} against a gateway: a real login first when the plan has one (the
 * recorded HandshakeResponse41 with an auth response to this greeting's scramble, any auth switch
 * answered), then the planned bytes written as the delivery says, then the planned ending. It judges
 * only what the gateway owes every client: a greeting, an answer to a login, and the connection
 * closed once the client has shut down its side or has stalled in the handshake.
 *
 * <p>Thread-safe: one call per session, any number at once.
 */
final class SessionReplayer {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long ANSWER_TIMEOUT_MILLIS = 10_000;
    private static final long CHANGE_USER_SWITCH_WAIT_MILLIS = 1_000;
    /** Beyond the handshake timeout, what a loaded gateway on two shared cores may take to close. */
    private static final long HANDSHAKE_SLACK_MILLIS = 5_000;
    /** One-byte writes stop after this many bytes: beyond it they only cost time. */
    private static final int MAX_ONE_BYTE_WRITES = 512;

    private final InetSocketAddress gateway;
    private final String password;
    private final Duration closeLimit;
    private final Duration handshakeTimeout;

    /**
     * @param password the password of the account the recordings log in as (mysql_native_password)
     * @param closeLimit how long the gateway may take to close after the client's FIN
     * @param handshakeTimeout the gateway's {@code limits.handshake-timeout}
     */
    SessionReplayer(InetSocketAddress gateway, String password, Duration closeLimit, Duration handshakeTimeout) {
        this.gateway = gateway;
        this.password = password;
        this.closeLimit = closeLimit;
        this.handshakeTimeout = handshakeTimeout;
    }

    SessionOutcome replay(SessionPlan plan) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Socket socket = new Socket();
        ServerReplies replies = null;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(gateway, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout((int) (closeLimit.toMillis() + handshakeTimeout.toMillis() + HANDSHAKE_SLACK_MILLIS));
            replies = ServerReplies.start(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean loggedIn = false;
            if (plan.authenticated()) {
                String refused = login(plan.login(), replies, out);
                if (refused != null) {
                    socket.close();
                    replies.join();
                    return outcome(false, replies, start, refused.isEmpty() ? null : refused);
                }
                loggedIn = true;
            }
            boolean written = send(plan, replies, out);
            String finding = end(plan.delivery().ending(), written, socket, replies);
            return outcome(loggedIn, replies, start, finding);
        } finally {
            socket.close();
            if (replies != null) {
                replies.join();
            }
        }
    }

    private static SessionOutcome outcome(boolean loggedIn, ServerReplies replies, long start, String finding) {
        SessionOutcome.End end = finding != null && replies.end() != SessionOutcome.End.GATEWAY_CLOSED
                ? SessionOutcome.End.HUNG
                : replies.end() == null ? SessionOutcome.End.CLIENT_CLOSED : replies.end();
        return new SessionOutcome(
                loggedIn, replies.errorCodes(), end, (System.nanoTime() - start) / 1_000_000, finding);
    }

    /** Null when logged in; "" when the gateway refused or closed (an answer); else what it failed to do. */
    private String login(HandshakeResponse response, ServerReplies replies, OutputStream out)
            throws IOException, InterruptedException {
        byte[] greetingFrame = replies.next(ANSWER_TIMEOUT_MILLIS);
        if (greetingFrame == null) {
            return replies.end() == null ? "no greeting within " + ANSWER_TIMEOUT_MILLIS + " ms" : "";
        }
        if (Wire.firstByte(greetingFrame) == Wire.ERR) {
            return "";
        }
        Greeting greeting;
        try {
            greeting = Greeting.decode(payload(greetingFrame));
        } catch (IOException | RuntimeException e) {
            return "a malformed greeting: " + e.getMessage();
        }
        String plugin = Auth.supports(response.plugin()) ? response.plugin() : Auth.NATIVE;
        byte[] auth = Auth.respond(plugin, password, greeting.scramble());
        write(out, Wire.frame(Wire.sequenceId(greetingFrame) + 1, response.payloadWith(auth)));
        while (true) {
            byte[] frame = replies.next(ANSWER_TIMEOUT_MILLIS);
            if (frame == null) {
                return replies.end() == null ? "no answer to a login within " + ANSWER_TIMEOUT_MILLIS + " ms" : "";
            }
            int first = Wire.firstByte(frame);
            if (first == Wire.OK) {
                return null;
            } else if (first == Wire.ERR) {
                return "";
            } else if (first == Wire.AUTH_SWITCH_REQUEST) {
                AuthSwitch change = AuthSwitch.decode(payload(frame));
                if (!Auth.supports(change.plugin())) {
                    return "";
                }
                write(
                        out,
                        Wire.frame(
                                Wire.sequenceId(frame) + 1,
                                Auth.respond(change.plugin(), password, change.scramble())));
            } else if (first == Wire.AUTH_MORE_DATA
                    && frame.length > Wire.HEADER_LENGTH + 1
                    && frame[Wire.HEADER_LENGTH + 1] == Wire.FAST_AUTH_SUCCESS) {
                continue; // the OK follows
            } else {
                return ""; // full authentication: the fuzzer's account is mysql_native_password for that reason
            }
        }
    }

    /** Writes the parts; false when the gateway closed the connection under the writes. */
    private boolean send(SessionPlan plan, ServerReplies replies, OutputStream out) throws InterruptedException {
        Delivery delivery = plan.delivery();
        long total = Mutator.totalBytes(plan.parts());
        long stallAt = delivery.stallAt() < 0 ? -1 : (long) (delivery.stallAt() * total);
        long endAt = delivery.endAt() >= 1 ? Long.MAX_VALUE : (long) (delivery.endAt() * total);
        SplittableRandom pieces = new SplittableRandom(delivery.chunkSeed());
        long sent = 0;
        try {
            for (Part part : plan.parts()) {
                if (part instanceof Part.ChangeUserReply) {
                    answerChangeUser(replies, out);
                    continue;
                }
                byte[] data = ((Part.Bytes) part).data();
                int pos = 0;
                while (pos < data.length) {
                    if (sent >= endAt) {
                        out.flush();
                        return true;
                    }
                    if (stallAt >= 0 && stallAt <= sent) {
                        Thread.sleep(delivery.stallMillis());
                        stallAt = -1;
                    }
                    int piece = delivery.oneByteWrites() && sent < MAX_ONE_BYTE_WRITES
                            ? 1
                            : pieces.nextBoolean() ? data.length - pos : 1 + pieces.nextInt(data.length - pos);
                    piece = (int) Math.min(piece, endAt - sent);
                    if (stallAt >= 0 && stallAt < sent + piece) {
                        piece = (int) (stallAt - sent); // the pause comes right after these bytes
                    }
                    out.write(data, pos, piece);
                    out.flush();
                    pos += piece;
                    sent += piece;
                }
            }
            return true;
        } catch (IOException e) {
            return false; // the gateway closed: the end is judged from what it sent
        }
    }

    private void answerChangeUser(ServerReplies replies, OutputStream out) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + CHANGE_USER_SWITCH_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            byte[] frame = replies.next(deadline - System.currentTimeMillis());
            if (frame == null) {
                return;
            }
            if (Wire.firstByte(frame) == Wire.AUTH_SWITCH_REQUEST
                    && frame.length - Wire.HEADER_LENGTH >= Wire.MIN_AUTH_SWITCH_LENGTH) {
                AuthSwitch change = AuthSwitch.decode(payload(frame));
                if (Auth.supports(change.plugin())) {
                    write(
                            out,
                            Wire.frame(
                                    Wire.sequenceId(frame) + 1,
                                    Auth.respond(change.plugin(), password, change.scramble())));
                }
                return;
            }
        }
    }

    /** Carries out the ending; returns a finding when the gateway failed to close when it must. */
    private String end(Ending ending, boolean written, Socket socket, ServerReplies replies)
            throws IOException, InterruptedException {
        switch (ending) {
            case HALF_CLOSE -> {
                if (written) {
                    try {
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        // already closed by the gateway
                    }
                }
                if (!replies.awaitEnd(closeLimit.toMillis())) {
                    return "the session stayed open " + closeLimit.toMillis()
                            + " ms after the client shut down its side";
                }
            }
            case CLOSE -> {
                socket.close();
                replies.join();
            }
            case RESET -> {
                socket.setSoLinger(true, 0);
                socket.close();
                replies.join();
            }
            case STALL_IN_HANDSHAKE -> {
                long limit = handshakeTimeout.toMillis() + HANDSHAKE_SLACK_MILLIS;
                if (!replies.awaitEnd(limit)) {
                    return "a client stalled in the handshake was not closed within " + limit + " ms";
                }
            }
        }
        return null;
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, Wire.HEADER_LENGTH, frame.length);
    }
}
