package io.grantgate.backend;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.TruncatedPacketException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Objects;

/**
 * One backend socket with its buffered streams, packet reader and writer, and one reusable packet
 * buffer for the connection's own commands. Every I/O failure comes out as a {@link BackendException}
 * naming what was going on, with the cause kept. The streams are replaced by {@link #attach} when the
 * socket is upgraded to TLS. Not thread-safe.
 */
final class PacketChannel {

    /** Commands are small: the write buffer starts at 1 KiB and grows to 16 KiB only if one needs it. */
    private static final PacketStreams.BufferSizes BUFFERS = new PacketStreams.BufferSizes(8 * 1024, 1024, 16 * 1024);

    private final String peer;
    private final PacketBuffer buffer = new PacketBuffer();
    private final PacketStreams streams;
    private Socket socket;
    /** The TCP socket, under TLS after an upgrade. */
    private final Socket tcp;

    PacketChannel(Socket socket, String peer, int maxPacketSize) throws IOException {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.socket = socket;
        this.tcp = socket;
        this.streams = new PacketStreams(socket.getInputStream(), socket.getOutputStream(), maxPacketSize, BUFFERS);
    }

    /** Switches to {@code upgraded} (the TLS socket layered over the old one). */
    void attach(Socket upgraded) throws IOException {
        this.socket = upgraded;
        streams.attach(upgraded.getInputStream(), upgraded.getOutputStream());
    }

    /** The TCP socket, which is {@link #socket()} unless the connection was upgraded to TLS. */
    Socket tcpSocket() {
        return tcp;
    }

    /** Reads one logical packet into the shared buffer, valid until the next read. */
    PacketBuffer read(String during) throws BackendException {
        try {
            if (!streams.reader().read(buffer)) {
                throw lost(new EOFException("the backend closed the connection"), during);
            }
            return buffer;
        } catch (TruncatedPacketException e) {
            throw lost(e, during);
        } catch (ProtocolException e) {
            throw malformed(e, during);
        } catch (IOException e) {
            throw lost(e, during);
        }
    }

    /** Writes one packet and flushes. */
    void send(int sequenceId, byte[] payload, String during) throws BackendException {
        try {
            streams.writer().write(sequenceId & 0xFF, payload);
            streams.writer().flush();
        } catch (IOException e) {
            throw lost(e, during);
        }
    }

    BackendException lost(IOException cause, String during) {
        return BackendException.of(BackendFailure.SERVER_LOST, cause, peer, during);
    }

    BackendException malformed(IOException cause, String during) {
        return BackendException.of(BackendFailure.MALFORMED_PACKET, cause, peer, during);
    }

    String peer() {
        return peer;
    }

    Socket socket() {
        return socket;
    }

    InputStream input() {
        return streams.in();
    }

    OutputStream output() {
        return streams.out();
    }

    PacketReader reader() {
        return streams.reader();
    }

    PacketWriter writer() {
        return streams.writer();
    }
}
