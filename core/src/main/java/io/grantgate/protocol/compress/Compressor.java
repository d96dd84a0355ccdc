package io.grantgate.protocol.compress;

/**
 * One connection's compression algorithm, each frame compressed on its own (no state carries from
 * one frame to the next, as MySQL's zlib and zstd frames are made). Implementations may hold native
 * memory, allocated at first use and freed by {@link #close}. Not thread-safe: one per connection.
 */
public interface Compressor extends AutoCloseable {

    /** The algorithm's name, for logs. */
    String name();

    /**
     * Compresses {@code length} bytes of {@code source} from {@code offset} into {@code target} from
     * {@code targetOffset}, in at most {@code capacity} bytes; returns the compressed length, or -1
     * when it does not fit (the caller then sends the bytes as they are).
     */
    int compress(byte[] source, int offset, int length, byte[] target, int targetOffset, int capacity);

    /**
     * Decompresses {@code length} bytes of {@code source} from {@code offset} into exactly
     * {@code expectedLength} bytes of {@code target} from 0, writing no more than that whatever the
     * data says (a frame that would inflate further is refused, not followed).
     *
     * @throws CompressedFrameException when the data is not valid or does not inflate to exactly
     *     {@code expectedLength} bytes
     */
    void decompress(byte[] source, int offset, int length, byte[] target, int expectedLength)
            throws CompressedFrameException;

    /** Frees what the compressor holds; it must not be used after. */
    @Override
    void close();
}
