package io.grantgate.edge;

import io.grantgate.protocol.GrowableBufferedOutputStream;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.tls.TlsContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLSocket;

/**
 * The client side of a session during the connection phase: packets in and out with the sequence
 * ids the protocol expects, and the switch to TLS after an SSLRequest. In the command phase the
 * relay uses the raw streams directly.
 */
final class ClientChannel {

    /**
     * Commands are small and a larger packet bypasses the buffer; the JDK allocates it at the first
     * read and every open session keeps it, so 8 KiB.
     */
    private static final int IN_BUFFER = 8 * 1024;
    /** Starts at 1 KiB and grows to 64 KiB only for a session that relays large responses. */
    private static final int OUT_BUFFER_INITIAL = 1024;
    private static final int OUT_BUFFER_MAX = 64 * 1024;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private PacketReader reader;
    private PacketWriter writer;
    private final PacketBuffer buffer = new PacketBuffer(1024);
    private final int maxPacketSize;
    private int nextSequenceId;
    private boolean secure;

    ClientChannel(Socket socket, int maxPacketSize) throws IOException {
        this.maxPacketSize = maxPacketSize;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), IN_BUFFER);
        out = new GrowableBufferedOutputStream(s.getOutputStream(), OUT_BUFFER_INITIAL, OUT_BUFFER_MAX);
        reader = new PacketReader(in, maxPacketSize);
        writer = new PacketWriter(out);
    }

    /** Sends one packet with the next sequence id and flushes (connection phase: one packet per turn). */
    void send(byte[] payload) throws IOException {
        nextSequenceId = writer.write(nextSequenceId, payload);
        writer.flush();
    }

    /** Receives the client's next packet, which must carry the expected sequence id. */
    PacketBuffer receive() throws IOException {
        if (!reader.read(buffer, nextSequenceId)) {
            throw new java.io.EOFException("the client closed the connection during the handshake");
        }
        nextSequenceId = PacketHeader.next(buffer.lastSequenceId());
        return buffer;
    }

    /** TLS handshake on the same socket, after the client's SSLRequest. */
    void upgrade(TlsContext tls) throws IOException {
        // whatever the buffer read past the SSLRequest is the start of the TLS handshake
        byte[] early = in.readNBytes(in.available());
        SSLSocket upgraded = tls.upgrade(socket, early.length == 0 ? null : new java.io.ByteArrayInputStream(early));
        attach(upgraded);
        secure = true;
    }

    boolean isSecure() {
        return secure;
    }

    /** The socket's channel for a relay loop; null after a TLS upgrade (the loop relays plain TCP only). */
    java.nio.channels.SocketChannel plainChannel() {
        return secure ? null : socket.getChannel();
    }

    /** What the client has sent and the reader has not consumed yet, taken without blocking. */
    byte[] drainBuffered() throws IOException {
        return in.readNBytes(in.available());
    }

    /** Puts bytes back in front of whatever the socket delivers next (a command a relay loop handed back). */
    void unread(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        in = new BufferedInputStream(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(bytes), socket.getInputStream()),
                IN_BUFFER);
        reader = new PacketReader(in, maxPacketSize);
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

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    PacketReader reader() {
        return reader;
    }

    PacketWriter writer() {
        return writer;
    }

    PacketBuffer buffer() {
        return buffer;
    }
}
