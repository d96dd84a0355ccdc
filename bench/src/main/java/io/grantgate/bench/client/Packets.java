package io.grantgate.bench.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads packets off a buffered stream. Rows of a big result are only skipped: their header is read,
 * the first payload byte peeked through the header-only read, and the rest discarded through one
 * scratch buffer, so reading a gigabyte allocates nothing per row.
 */
final class Packets {

    private final InputStream in;
    private final byte[] header = new byte[4];
    private final byte[] scratch = new byte[64 * 1024];

    Packets(InputStream in) {
        this.in = in;
    }

    /** A whole packet (payloads up to 16 MiB - 1; login and small results only). */
    Packet next() throws IOException {
        Packet packet = nextHeaderOnly();
        return readPayload(packet);
    }

    /** The header and the first payload byte; the rest of the payload is still unread. */
    Packet nextHeaderOnly() throws IOException {
        readFully(header, 4);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        int sequenceId = header[3] & 0xFF;
        if (length == 0xFFFFFF) {
            throw new IOException("packets of 16 MiB and more are not supported by this client");
        }
        int first = -1;
        if (length > 0) {
            first = in.read();
            if (first < 0) {
                throw new EOFException("the server closed the connection mid-packet");
            }
        }
        return new Packet(length, sequenceId, first, null);
    }

    /** The rest of a header-only packet's payload. */
    Packet readPayload(Packet headerOnly) throws IOException {
        if (headerOnly.length() == 0) {
            return new Packet(0, headerOnly.sequenceId(), -1, new byte[0]);
        }
        byte[] payload = new byte[headerOnly.length()];
        payload[0] = (byte) headerOnly.firstByte();
        readFully(payload, 1, payload.length - 1);
        return new Packet(headerOnly.length(), headerOnly.sequenceId(), headerOnly.firstByte(), payload);
    }

    /** Discards the rest of a header-only packet's payload. */
    void skipPayload(Packet headerOnly) throws IOException {
        int remaining = headerOnly.length() - (headerOnly.length() > 0 ? 1 : 0);
        while (remaining > 0) {
            int n = in.read(scratch, 0, Math.min(remaining, scratch.length));
            if (n < 0) {
                throw new EOFException("the server closed the connection mid-packet");
            }
            remaining -= n;
        }
    }

    /** Reads and discards one whole packet. */
    void skip() throws IOException {
        skipPayload(nextHeaderOnly());
    }

    private void readFully(byte[] target, int length) throws IOException {
        readFully(target, 0, length);
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            done += n;
        }
    }
}
