package io.grantgate.edge;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.compress.CompressedHeader;
import io.grantgate.protocol.compress.Compressor;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.tls.TlsContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a session during the connection phase: packets in and out with the sequence
 * ids the protocol expects, the switch to TLS after an SSLRequest, and to compressed frames after
 * the login's OK. In the command phase the relay uses the streams directly.
 *
 * <p>Threading: confined to the session's thread, but for {@link #backendGone}, which the backend
 * watch's loss handler calls while the session's thread waits in {@link #awaitInput()}.
 */
final class ClientChannel {

    private static final Logger log = LoggerFactory.getLogger(ClientChannel.class);

    /**
     * Commands are small and a larger packet bypasses the read buffer, which every open session keeps:
     * 8 KiB. The write buffer grows to 64 KiB only for a session that relays large responses.
     */
    private static final PacketStreams.BufferSizes BUFFERS = new PacketStreams.BufferSizes(8 * 1024, 1024, 64 * 1024);

    /** The TCP socket, also under TLS. */
    private final Socket socket;
    /**
     * TLS after an upgrade, for the whole session: the thread's streams and a relay loop's reads and
     * writes go through the same engine. Read by the backend watch's thread ({@link #backendGone}).
     */
    private volatile ClientTls tls;
    /** What a relay loop reads and writes, made at the first move. */
    private ClientBytes loopBytes;

    private final PacketStreams streams;
    private final PacketBuffer buffer = new PacketBuffer(1024);
    private int nextSequenceId;
    private boolean secure;
    /** Set after the login when the client asked for compression; read by {@link #backendGone}. */
    private volatile Compressor compressor;

    ClientChannel(Socket socket, int maxPacketSize) throws IOException {
        this.socket = socket;
        this.streams = new PacketStreams(socket.getInputStream(), socket.getOutputStream(), maxPacketSize, BUFFERS);
    }

    /** Sends one packet with the next sequence id and flushes (connection phase: one packet per turn). */
    void send(byte[] payload) throws IOException {
        nextSequenceId = streams.writer().write(nextSequenceId, payload);
        streams.writer().flush();
    }

    /**
     * Writes one packet with the next sequence id without flushing it: it leaves with the next
     * packet sent, for a packet the server always follows with another before it waits for the
     * client (caching_sha2_password's fast-auth success, then the OK or an error). One write and one
     * wake-up of the client fewer per login.
     */
    void sendWithNext(byte[] payload) throws IOException {
        nextSequenceId = streams.writer().write(nextSequenceId, payload);
    }

    /** Sends an error when the session is ending anyway: a client that has left already is not an error. */
    void sendQuietly(ErrPacket err, Capabilities capabilities) {
        try {
            send(err.encode(capabilities));
        } catch (IOException ignored) {
            log.debug("the client left before its error {} reached it", err.errorCode());
        }
    }

    /** Receives the client's next packet, which must carry the expected sequence id (uncompressed). */
    PacketBuffer receive() throws IOException {
        // compressed (a COM_CHANGE_USER's exchange), the compressed ids are the ones that count
        int expected = compressor != null ? PacketReader.ANY_SEQUENCE_ID : nextSequenceId;
        if (!streams.reader().read(buffer, expected)) {
            throw new EOFException("the client closed the connection during the handshake");
        }
        nextSequenceId = PacketHeader.next(buffer.lastSequenceId());
        return buffer;
    }

    /**
     * The client's next {@code count} bytes, left to be read again: fewer when it closes first. Waits
     * for them as a read does (the socket's timeout applies).
     */
    byte[] peek(int count) throws IOException {
        byte[] next = streams.in().readNBytes(count);
        streams.unread(next);
        return next;
    }

    /** TLS handshake on the same socket, after the client's SSLRequest. */
    void upgrade(TlsContext context) throws IOException {
        // whatever the buffer read past the SSLRequest is the start of the TLS handshake
        byte[] early = streams.drainBuffered();
        ClientTls upgraded = ClientTls.accept(context, socket, early);
        tls = upgraded;
        streams.attach(upgraded.in(), upgraded.out());
        secure = true;
    }

    /** close_notify to the client, if it takes it at once; the caller then closes the socket. */
    void closeTls() {
        ClientTls open = tls;
        if (open != null) {
            open.close();
        }
    }

    boolean isSecure() {
        return secure;
    }

    /**
     * From the next packet on, both ways, the client's packets travel in compressed frames: after
     * the OK that ends the login, whose bytes must have been flushed.
     */
    void compress(Compressor compression) {
        streams.compress(compression);
        compressor = compression;
    }

    boolean isCompressed() {
        return compressor != null;
    }

    /** Frees the compressor's native memory, once the session's streams are done with. */
    void releaseCompressor() {
        Compressor held = compressor;
        if (held != null) {
            held.close();
        }
    }

    /** The TLS session's protocol and cipher, for the audit; empty on plain TCP. */
    Optional<SSLSession> tlsSession() {
        ClientTls open = tls;
        return open != null ? Optional.of(open.session()) : Optional.empty();
    }

    /** Waits for the client's next bytes, however long that takes: false if it closed instead. */
    boolean awaitInput() throws IOException {
        return streams.in().awaitBytes();
    }

    /**
     * From another thread, while the session's thread waits in {@link #awaitInput()}: the session's
     * backend is gone. What it sent last goes to the client as it came (the session is idle, so
     * nothing of the gateway's is half written); a backend that reset the connection and sent nothing
     * makes the session's coming close a reset too, as the client would have seen directly; and the
     * input is shut down, so that the wait returns. The session's thread closes the socket.
     */
    void backendGone(Optional<byte[]> farewell, boolean reset) {
        try {
            if (farewell.isPresent()) {
                ClientTls open = tls;
                OutputStream raw = open != null ? open.out() : socket.getOutputStream();
                // a compressed session's idle output has no frame open: the packet goes in one of its
                // own, uncompressed, at compressed id 0 as a server's after its idle timeout
                raw.write(compressor != null ? CompressedHeader.uncompressedFrame(0, farewell.get()) : farewell.get());
                raw.flush();
            } else if (reset) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            log.debug("the backend's last packet did not reach the client: {}", e.toString());
        }
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            log.debug("shutting down the client's input: {}", e.toString());
        }
    }

    /**
     * What a relay loop reads and writes: the socket's channel, or TLS over it (the same engine as
     * this thread's streams); empty for a socket without a channel, and with compression (the loop
     * relays uncompressed frames only).
     */
    Optional<ClientBytes> loopBytes() {
        SocketChannel channel = socket.getChannel();
        if (channel == null || compressor != null) {
            return Optional.empty();
        }
        if (loopBytes == null) {
            loopBytes = tls != null ? tls : new ClientBytes.Plain(channel);
        }
        return Optional.of(loopBytes);
    }

    /** What the client has sent and the reader has not consumed yet, taken without blocking. */
    byte[] drainBuffered() {
        return streams.drainBuffered();
    }

    /** Puts bytes back in front of whatever the socket delivers next (a command a relay loop handed back). */
    void unread(byte[] bytes) {
        streams.unread(bytes);
    }

    /** The command phase starts every command at sequence id 0. */
    void startCommand() {
        nextSequenceId = 0;
    }

    /** After a command packet read by the relay: the next packet of the exchange follows it. */
    void continueAfter(int sequenceId) {
        nextSequenceId = PacketHeader.next(sequenceId);
    }

    Socket socket() {
        return socket;
    }

    OutputStream out() {
        return streams.out();
    }

    PacketReader reader() {
        return streams.reader();
    }

    PacketWriter writer() {
        return streams.writer();
    }

    PacketBuffer buffer() {
        return buffer;
    }
}
