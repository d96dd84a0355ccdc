package io.grantgate.protocol.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Packet bytes out as compressed frames: what is written gathers in a buffer, and becomes one frame
 * at each {@link #flush} (the relay flushes once per response) or whenever the buffer holds
 * {@link #FRAME_SIZE} bytes. A frame shorter than {@link CompressedHeader#MIN_COMPRESS_LENGTH}, or
 * one compression would not shrink, goes as it is. Packets are copied, never looked into: a frame
 * may end inside a packet, which the peer's reader joins again.
 *
 * <p>The buffer starts small and grows only for responses that need it, up to {@link #FRAME_SIZE}
 * (zlib's window is 32 KiB, so larger frames would compress little better). Not thread-safe.
 */
public final class CompressedPacketOutput extends OutputStream {

    /** The most uncompressed bytes one frame takes. */
    public static final int FRAME_SIZE = 64 * 1024;

    private final OutputStream sink;
    private final Compressor compressor;
    private final CompressionSequence sequence;
    /** Bytes written and not sent yet: [0, count). */
    private byte[] pending;

    private int count;
    /** The frame being sent, header first. */
    private byte[] frame = new byte[0];

    /** @param initialSize the buffer's size at first */
    public CompressedPacketOutput(
            OutputStream sink, Compressor compressor, CompressionSequence sequence, int initialSize) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.sequence = Objects.requireNonNull(sequence, "sequence");
        this.pending = new byte[Math.min(Math.max(1, initialSize), FRAME_SIZE)];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == pending.length) {
            makeRoom();
        }
        pending[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, source.length);
        int position = offset;
        int remaining = length;
        while (remaining > 0) {
            if (count == pending.length) {
                makeRoom();
            }
            int n = Math.min(remaining, pending.length - count);
            System.arraycopy(source, position, pending, count, n);
            count += n;
            position += n;
            remaining -= n;
        }
    }

    /** Sends what was written as one frame (if anything was) and flushes the connection. */
    @Override
    public void flush() throws IOException {
        if (count > 0) {
            sendFrame();
        }
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            sink.close();
        }
    }

    /** The buffer is full: it grows, or, at {@link #FRAME_SIZE}, what it holds goes as a frame. */
    private void makeRoom() throws IOException {
        if (pending.length < FRAME_SIZE) {
            pending = Arrays.copyOf(pending, Math.min(FRAME_SIZE, pending.length * 2));
        } else {
            sendFrame();
        }
    }

    private void sendFrame() throws IOException {
        if (frame.length < CompressedHeader.SIZE + count) {
            frame = new byte[CompressedHeader.SIZE + Math.max(count, pending.length)];
        }
        int compressed = count < CompressedHeader.MIN_COMPRESS_LENGTH
                ? -1
                // only a shorter payload is worth sending compressed
                : compressor.compress(pending, 0, count, frame, CompressedHeader.SIZE, count - 1);
        int length;
        if (compressed < 0) {
            CompressedHeader.encode(count, sequence.take(), CompressedHeader.NOT_COMPRESSED, frame, 0);
            System.arraycopy(pending, 0, frame, CompressedHeader.SIZE, count);
            length = count;
        } else {
            CompressedHeader.encode(compressed, sequence.take(), count, frame, 0);
            length = compressed;
        }
        count = 0;
        sink.write(frame, 0, CompressedHeader.SIZE + length);
    }
}
