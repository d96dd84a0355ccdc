package io.grantgate.backend;

import io.grantgate.protocol.GrowableBufferedOutputStream;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.TruncatedPacketException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Objects;

/**
 * One backend socket with its buffered streams, packet reader and writer, and one reusable packet
 * buffer for the connection's own commands. Every I/O failure comes out as a {@link BackendException}
 * naming what was going on, with the cause kept. Replaced wholesale by {@link #attach} when the
 * socket is upgraded to TLS. Not thread-safe.
 */
final class PacketChannel {

    /** Read buffer: allocated at the first read and kept by every pooled connection, so 8 KiB; larger reads bypass it. */
    private static final int IN_BUFFER = 8 * 1024;
    /** Commands are small: the write buffer starts at 1 KiB and grows to 16 KiB only if one needs it. */
    private static final int OUT_BUFFER_INITIAL = 1024;
    private static final int OUT_BUFFER_MAX = 16 * 1024;

    private final String peer;
    private final int maxPacketSize;
    private final PacketBuffer buffer = new PacketBuffer();
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;
    private PacketReader reader;
    private PacketWriter writer;

    PacketChannel(Socket socket, String peer, int maxPacketSize) throws IOException {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.maxPacketSize = maxPacketSize;
        attach(socket);
    }

    /** Switches to {@code upgraded} (the TLS socket layered over the old one). */
    void attach(Socket upgraded) throws IOException {
        this.socket = upgraded;
        this.in = new BufferedInputStream(upgraded.getInputStream(), IN_BUFFER);
        this.out = new GrowableBufferedOutputStream(upgraded.getOutputStream(), OUT_BUFFER_INITIAL, OUT_BUFFER_MAX);
        this.reader = new PacketReader(in, maxPacketSize);
        this.writer = new PacketWriter(out);
    }

    /** Reads one logical packet into the shared buffer, valid until the next read. */
    PacketBuffer read(String during) throws BackendException {
        try {
            if (!reader.read(buffer)) {
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
            writer.write(sequenceId & 0xFF, payload);
            writer.flush();
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

    BufferedInputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    PacketReader reader() {
        return reader;
    }

    PacketWriter writer() {
        return writer;
    }
}
