package io.grantgate.protocol.compress;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * CLIENT_COMPRESS: each frame a whole zlib stream (RFC 1950: header, deflate data, Adler-32), as
 * zlib's {@code compress()} makes it and {@code uncompress()} reads it, at zlib's default level.
 * The deflater and inflater, which hold native memory (about 256 and 40 KiB), are made at their
 * first use, so a session that only ever sends short commands never makes a deflater's.
 */
public final class ZlibCompressor implements Compressor {

    private Deflater deflater;
    private Inflater inflater;
    /** Where a frame's data would inflate past its declared length, if it does. */
    private final byte[] beyond = new byte[1];

    @Override
    public String name() {
        return "zlib";
    }

    @Override
    public int compress(byte[] source, int offset, int length, byte[] target, int targetOffset, int capacity) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        }
        deflater.reset();
        deflater.setInput(source, offset, length);
        deflater.finish();
        int total = 0;
        while (!deflater.finished() && total < capacity) {
            int n = deflater.deflate(target, targetOffset + total, capacity - total);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return deflater.finished() ? total : -1;
    }

    @Override
    public void decompress(byte[] source, int offset, int length, byte[] target, int expectedLength)
            throws CompressedFrameException {
        if (inflater == null) {
            inflater = new Inflater();
        }
        inflater.reset();
        inflater.setInput(source, offset, length);
        int total = 0;
        try {
            while (total < expectedLength) {
                int n = inflater.inflate(target, total, expectedLength - total);
                if (n == 0) {
                    break;
                }
                total += n;
            }
            if (total == expectedLength && !inflater.finished() && inflater.inflate(beyond) > 0) {
                throw new CompressedFrameException("a compressed frame inflates to more than the " + expectedLength
                        + " bytes its header declares");
            }
        } catch (DataFormatException e) {
            throw new CompressedFrameException("a compressed frame is not valid zlib data: " + e.getMessage());
        }
        if (total != expectedLength || !inflater.finished()) {
            throw new CompressedFrameException("a compressed frame inflates to " + total + " bytes, not the "
                    + expectedLength + " its header declares" + (inflater.finished() ? "" : ", and is cut short"));
        }
    }

    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
    }
}
