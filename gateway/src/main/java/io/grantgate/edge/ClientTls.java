package io.grantgate.edge;

import io.grantgate.tls.TlsContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection's TLS from its handshake to its close_notify: one {@link SSLEngine} over the
 * accepted socket, used blocking by the session's thread ({@link #in()}, {@link #out()}, over the
 * socket's streams, whose read timeout applies) and non-blocking by a relay loop (as
 * {@link ClientBytes}, over the socket's channel), in turns, mid-session. Why an engine rather than
 * an SSLSocket: a session moves to a loop and back many times, and an SSLSocket's TLS state cannot
 * be taken over by anything else. Both faces share the engine's buffers, so whatever one read off
 * the socket or wrapped and did not send yet, the other continues with.
 *
 * <p>After the handshake the engine may still ask for one: TLS 1.3's KeyUpdate (answered here: the
 * engine asks to wrap, and the next flush sends its own KeyUpdate), and TLS 1.2's renegotiation,
 * which is refused (the session ends), as a ClientHello mid-session is the start of a CPU-exhaustion
 * attack more often than anything a MySQL client does. Delegated tasks (a handshake's key work) run
 * on the calling thread: past the handshake only a refused renegotiation would ask for any.
 *
 * <p>Threading: reading on one thread at a time (the session's, or a loop's while the session is on
 * it; the hand-over is the loop's outcome future); writing under a lock, since the backend watch
 * writes the backend's last packet while the session's thread waits in a read, and that read may
 * answer a KeyUpdate.
 */
final class ClientTls implements ClientBytes {

    private static final Logger log = LoggerFactory.getLogger(ClientTls.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * The only version in which a handshake message after the handshake (KeyUpdate) is taken, and
     * whose handshake the client's Finished ends (the server's last word, a session ticket, is not
     * waited for).
     */
    private static final String TLS_1_3 = "TLSv1.3";
    /** A TLS record's header: content type, version, and the length of what follows, in its last two bytes. */
    private static final int RECORD_HEADER = 5;

    private final SSLEngine engine;
    private final SocketChannel channel;
    private final InputStream socketIn;
    private final OutputStream socketOut;
    private final Object writeLock = new Object();
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    /** Ciphertext read off the socket, not unwrapped yet: bytes [0, position). */
    private ByteBuffer netIn;
    /** Plaintext unwrapped, not read yet: bytes [position, limit). */
    private ByteBuffer appIn;
    /** Ciphertext wrapped, not written yet: bytes [0, position). Guarded by {@link #writeLock}. */
    private ByteBuffer netOut;

    private boolean handshakeDone;
    /** The client sent close_notify, or its connection ended. */
    private boolean inputClosed;

    private ClientTls(SSLEngine engine, Socket socket, byte[] early) throws IOException {
        this.engine = engine;
        this.channel = socket.getChannel();
        this.socketIn = socket.getInputStream();
        this.socketOut = socket.getOutputStream();
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(Math.max(session.getPacketBufferSize(), early.length));
        this.netIn.put(early);
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
    }

    /**
     * The server side of the TLS handshake over {@code socket} (blocking, on the calling thread),
     * after the client's SSLRequest: {@code early} is what the client sent behind that request and
     * was read already (libmariadb sends its ClientHello without waiting).
     */
    static ClientTls accept(TlsContext context, Socket socket, byte[] early) throws IOException {
        ClientTls tls = new ClientTls(context.serverEngine(), socket, early);
        tls.handshake();
        return tls;
    }

    /** For the audit: protocol and cipher suite. */
    SSLSession session() {
        return engine.getSession();
    }

    /** Plaintext from the client, blocking (the socket's read timeout applies). */
    InputStream in() {
        return in;
    }

    /** Plaintext to the client, blocking: written through, each write sent before it returns. */
    OutputStream out() {
        return out;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    // ---- the relay loop's face: non-blocking --------------------------------------------------

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, false);
    }

    @Override
    public int write(byte[] bytes, int offset, int length) throws IOException {
        return write(bytes, offset, length, false);
    }

    @Override
    public boolean flush() throws IOException {
        synchronized (writeLock) {
            return flush(false);
        }
    }

    @Override
    public boolean outputPending() {
        synchronized (writeLock) {
            return netOut.position() > 0;
        }
    }

    @Override
    public boolean inputBuffered() {
        if (appIn.hasRemaining()) {
            return true;
        }
        int held = netIn.position();
        return held >= RECORD_HEADER
                && held
                        >= RECORD_HEADER
                                + ((netIn.get(RECORD_HEADER - 2) & 0xFF) << 8 | netIn.get(RECORD_HEADER - 1) & 0xFF);
    }

    /**
     * Ends the session's TLS: close_notify to the client if its socket takes it at once (a client
     * that stopped reading must not hold up the session's end), then the caller closes the socket.
     */
    void close() {
        synchronized (writeLock) {
            engine.closeOutbound();
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                flush(false);
            } catch (IOException | RuntimeException e) {
                log.debug("no close_notify to the client: {}", e.toString());
            }
        }
    }

    // ---- both faces ---------------------------------------------------------------------------

    /**
     * The server's side of the handshake. A flight's records are gathered in {@code netOut} and sent
     * in one write when the engine next waits for the client (the JDK wraps ServerHello,
     * ChangeCipherSpec and each encrypted handshake message one by one: a write each otherwise).
     * What TLS 1.3 has to say after the client's Finished, its session ticket, is left in {@code
     * netOut} to go with the first reply ({@link #write}): the client does not wait for it, and
     * speaks next (its login).
     */
    private void handshake() throws IOException {
        engine.beginHandshake();
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        synchronized (writeLock) {
                            wrap(EMPTY);
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult result = unwrap();
                        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLException("the client closed TLS during its handshake");
                        }
                        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            synchronized (writeLock) {
                                flush(true);
                            }
                            if (fill(true) < 0) {
                                throw new EOFException("the client closed the connection during the TLS handshake");
                            }
                        }
                    }
                    case NEED_TASK -> runTasks();
                    case NOT_HANDSHAKING, FINISHED -> {
                        if (!TLS_1_3.equals(engine.getSession().getProtocol())) {
                            // TLS 1.2: the server's last flight ends the handshake; the client waits for it
                            synchronized (writeLock) {
                                flush(true);
                            }
                        }
                        handshakeDone = true;
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** The alert the engine has for a failed handshake, if the socket takes it: the client then knows why. */
    private void sendAlert() {
        synchronized (writeLock) {
            try {
                flush(true);
            } catch (IOException | RuntimeException e) {
                log.debug("no TLS alert to the client: {}", e.toString());
            }
        }
    }

    private int read(byte[] bytes, int offset, int length, boolean blocking) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(length, appIn.remaining());
                appIn.get(bytes, offset, n);
                return n;
            }
            if (inputClosed) {
                return -1;
            }
            if (netIn.position() > 0) {
                SSLEngineResult result = unwrap();
                switch (result.getStatus()) {
                    case CLOSED -> {
                        inputClosed = true;
                        continue;
                    }
                    case BUFFER_OVERFLOW -> {
                        continue; // unwrap made room
                    }
                    case OK -> {
                        afterHandshakeMessage(result.getHandshakeStatus(), blocking);
                        if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
                            continue;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        // a record is not all here: read more
                    }
                }
            }
            int n = fill(blocking);
            if (n < 0) {
                // without close_notify too: a command cut short is the client's loss, as on plain TCP
                inputClosed = true;
            } else if (n == 0) {
                return 0;
            }
        }
    }

    /** Unwraps the next record from {@code netIn} into the (empty) {@code appIn}; grows {@code appIn} when the engine asks. */
    private SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        appIn.clear();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
            appIn.flip();
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            appIn = ByteBuffer.allocate(Math.max(engine.getSession().getApplicationBufferSize(), appIn.capacity() * 2))
                    .flip();
        }
        return result;
    }

    /** Reads ciphertext into {@code netIn}: the count, 0 when none is here (non-blocking), -1 at the end. */
    private int fill(boolean blocking) throws IOException {
        if (!netIn.hasRemaining()) {
            // a record longer than the buffer (the engine's packet size grew): room for one more
            netIn = ByteBuffer.allocate(netIn.capacity() + engine.getSession().getPacketBufferSize())
                    .put(netIn.flip());
        }
        if (!blocking) {
            return channel.read(netIn);
        }
        int n = socketIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        if (n > 0) {
            netIn.position(netIn.position() + n);
        }
        return n;
    }

    /**
     * A record after the handshake that was a handshake message: TLS 1.3's KeyUpdate, whose answer
     * (if the client asked for one) goes out with the next flush, now; anything else is TLS 1.2's
     * renegotiation, refused.
     */
    private void afterHandshakeMessage(HandshakeStatus status, boolean blocking) throws IOException {
        if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED || !handshakeDone) {
            return;
        }
        if (!TLS_1_3.equals(engine.getSession().getProtocol())) {
            throw new SSLHandshakeException(
                    "renegotiation refused (" + engine.getSession().getProtocol() + "): the session ends");
        }
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        synchronized (writeLock) {
            flush(blocking);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private int write(byte[] bytes, int offset, int length, boolean blocking) throws IOException {
        synchronized (writeLock) {
            // blocking: whatever is pending (the handshake's session ticket) goes out with these bytes
            if (!blocking && !flush(false)) {
                return 0;
            }
            ByteBuffer plaintext = ByteBuffer.wrap(bytes, offset, length);
            while (plaintext.hasRemaining()) {
                wrap(plaintext);
                if (!flush(blocking)) {
                    break;
                }
            }
            return plaintext.position() - offset;
        }
    }

    /** Wraps one record of {@code plaintext} into the (empty) {@code netOut}. Under the write lock. */
    private void wrap(ByteBuffer plaintext) throws SSLException {
        while (true) {
            SSLEngineResult result = engine.wrap(plaintext, netOut);
            switch (result.getStatus()) {
                case OK -> {
                    return;
                }
                case BUFFER_OVERFLOW ->
                    netOut = ByteBuffer.allocate(
                                    Math.max(engine.getSession().getPacketBufferSize(), netOut.capacity() * 2))
                            .put(netOut.flip());
                case CLOSED -> {
                    if (plaintext.hasRemaining()) {
                        throw new SSLException("TLS to the client is closed");
                    }
                    return; // close_notify, or nothing more to say
                }
                case BUFFER_UNDERFLOW -> throw new SSLException("the engine reported an underflow on wrap");
            }
        }
    }

    /**
     * Sends {@code netOut}, and whatever the engine has to send of its own (a handshake message, a
     * KeyUpdate, close_notify, an alert); true when nothing is left, false when a non-blocking
     * socket was full. Under the write lock.
     */
    private boolean flush(boolean blocking) throws IOException {
        while (true) {
            if (netOut.position() > 0) {
                netOut.flip();
                try {
                    if (blocking) {
                        socketOut.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
                        netOut.position(netOut.limit());
                    } else {
                        channel.write(netOut);
                    }
                } finally {
                    netOut.compact();
                }
                if (netOut.position() > 0) {
                    return false;
                }
            }
            if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                return true;
            }
            wrap(EMPTY);
            if (netOut.position() == 0) {
                return true;
            }
        }
    }

    private final class In extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return ClientTls.this.read(bytes, offset, length, true);
        }

        @Override
        public int available() {
            return appIn.remaining();
        }
    }

    private final class Out extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ClientTls.this.write(bytes, offset, length, true);
        }
    }
}
