package io.grantgate.protocol.compress;

import io.grantgate.protocol.TruncatedPacketException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The packet bytes a connection's compressed frames carry, read as one stream: a
 * {@link io.grantgate.protocol.PacketReader} on it sees the packets as if nothing were compressed,
 * whether a frame holds several of them or a piece of one. A frame is decompressed whole when its
 * bytes have all arrived; the next one is read only when the bytes of this one are used up, so a
 * client's next command is not read before the reader asks for it.
 *
 * <p>Memory: the compressed payload is buffered as its bytes arrive (a header's length is not an
 * allocation), and the decompressed frame takes exactly the length its header declares, at most
 * 2^24 - 1 bytes: data that would inflate beyond it is refused ({@link CompressedFrameException}).
 * Buffers grown for a large frame are let go before the next frame, so an idle connection keeps
 * none of that size.
 *
 * <p>A read the source interrupts (a socket timeout) leaves the frame half read and resumes it at
 * the next read, so a caller may wait with a timeout. Not thread-safe.
 */
public final class CompressedPacketInput extends InputStream {

    /** Buffers up to this size are kept from frame to frame; larger ones are dropped after use. */
    private static final int KEPT_BUFFER = 64 * 1024;
    /** The least a payload buffer grows by while a long frame arrives. */
    private static final int MIN_GROWTH = 16 * 1024;

    private static final byte[] NONE = new byte[0];

    private final InputStream source;
    private final Compressor compressor;
    private final CompressionSequence sequence;

    private final byte[] header = new byte[CompressedHeader.SIZE];
    /** Header bytes of the frame being read; SIZE once it is whole. */
    private int headerRead;
    /** The frame's payload as it travels, and how much of it has arrived. */
    private byte[] payload = NONE;

    private int payloadRead;
    /** The decompressed bytes of the last frame: [position, limit) not read yet. */
    private byte[] data = NONE;

    private byte[] inflated = NONE;
    private int position;
    private int limit;

    public CompressedPacketInput(InputStream source, Compressor compressor, CompressionSequence sequence) {
        this.source = Objects.requireNonNull(source, "source");
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.sequence = Objects.requireNonNull(sequence, "sequence");
    }

    @Override
    public int read() throws IOException {
        while (position == limit) {
            if (!nextFrame()) {
                return -1;
            }
        }
        return data[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (!nextFrame()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(data, position, target, offset, n);
        position += n;
        return n;
    }

    /** The decompressed bytes not read yet; what the source holds is compressed and not counted. */
    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Reads and decompresses the next frame; false when the source ended between frames. */
    private boolean nextFrame() throws IOException {
        if (headerRead == 0 && payloadRead == 0) {
            releaseLargeBuffers();
        }
        while (headerRead < CompressedHeader.SIZE) {
            int n = source.read(header, headerRead, CompressedHeader.SIZE - headerRead);
            if (n < 0) {
                if (headerRead == 0) {
                    return false;
                }
                throw new TruncatedPacketException("a compressed frame header", CompressedHeader.SIZE, headerRead);
            }
            headerRead += n;
        }
        CompressedHeader frame = CompressedHeader.decode(header, 0);
        readPayload(frame.payloadLength());
        headerRead = 0;
        payloadRead = 0;
        sequence.received(frame.sequenceId());
        if (!frame.compressed()) {
            data = payload;
            limit = frame.payloadLength();
        } else {
            if (inflated.length < frame.uncompressedLength()) {
                inflated = new byte[frame.uncompressedLength()];
            }
            compressor.decompress(payload, 0, frame.payloadLength(), inflated, frame.uncompressedLength());
            data = inflated;
            limit = frame.uncompressedLength();
        }
        position = 0;
        return true;
    }

    /**
     * Reads the payload into a buffer that grows with the bytes as they arrive, at most doubling what
     * it holds per step: the length in a header costs the peer three bytes.
     */
    private void readPayload(int length) throws IOException {
        while (payloadRead < length) {
            if (payloadRead == payload.length) {
                int grown = Math.min(length, Math.max(MIN_GROWTH, payload.length * 2));
                payload = Arrays.copyOf(payload, grown);
            }
            int n = source.read(payload, payloadRead, Math.min(length, payload.length) - payloadRead);
            if (n < 0) {
                throw new TruncatedPacketException("a compressed frame", length, payloadRead);
            }
            payloadRead += n;
        }
    }

    private void releaseLargeBuffers() {
        if (payload.length > KEPT_BUFFER) {
            payload = NONE;
        }
        if (inflated.length > KEPT_BUFFER) {
            inflated = NONE;
        }
        data = NONE;
        position = 0;
        limit = 0;
    }

    /** For tests: the largest of the buffers held now. */
    int bufferedCapacity() {
        return Math.max(payload.length, inflated.length);
    }
}
