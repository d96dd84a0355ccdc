package io.grantgate.edge;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;
import io.grantgate.protocol.compress.CompressedFrameException;
import io.grantgate.protocol.compress.Compressor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLIENT_ZSTD_COMPRESSION_ALGORITHM (MySQL 8.0.18+): each frame one zstd frame, at the level the
 * client asked for in its HandshakeResponse41, through zstd-jni. Its native library is loaded once;
 * where it does not load (an unsupported platform, a temporary directory it cannot write), zstd is
 * not offered at all, logged once, rather than offered and failed.
 *
 * <p>Threading: one per session, confined to the session's thread.
 */
final class ZstdCompressor implements Compressor {

    private static final Logger log = LoggerFactory.getLogger(ZstdCompressor.class);

    /** MySQL's range for {@code zstd_compression_level}, and its default. */
    static final int MIN_LEVEL = 1;

    static final int MAX_LEVEL = 22;
    static final int DEFAULT_LEVEL = 3;

    private static final boolean AVAILABLE = load();

    private final int level;
    private ZstdCompressCtx compressing;
    private ZstdDecompressCtx decompressing;

    /** @param level the client's; out of MySQL's range (0 included), the default */
    ZstdCompressor(int level) {
        this.level = level < MIN_LEVEL || level > MAX_LEVEL ? DEFAULT_LEVEL : level;
    }

    /** Whether the native library loaded, so that zstd can be offered. */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        try {
            Native.load();
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("zstd compression is not offered to clients: its native library does not load ({})", e.toString());
            return false;
        }
    }

    int level() {
        return level;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public int compress(byte[] source, int offset, int length, byte[] target, int targetOffset, int capacity) {
        if (compressing == null) {
            compressing = new ZstdCompressCtx().setLevel(level);
        }
        try {
            return compressing.compressByteArray(target, targetOffset, capacity, source, offset, length);
        } catch (ZstdException e) {
            return -1; // does not fit in less than the bytes as they are
        }
    }

    @Override
    public void decompress(byte[] source, int offset, int length, byte[] target, int expectedLength)
            throws CompressedFrameException {
        if (decompressing == null) {
            decompressing = new ZstdDecompressCtx();
        }
        int produced;
        try {
            // the target's size is the declared length: data that decompresses further fails here
            produced = decompressing.decompressByteArray(target, 0, expectedLength, source, offset, length);
        } catch (ZstdException e) {
            throw new CompressedFrameException("a compressed frame is not valid zstd data: " + e.getMessage());
        }
        if (produced != expectedLength) {
            throw new CompressedFrameException("a compressed frame decompresses to " + produced + " bytes, not the "
                    + expectedLength + " its header declares");
        }
    }

    @Override
    public void close() {
        if (compressing != null) {
            compressing.close();
        }
        if (decompressing != null) {
            decompressing.close();
        }
    }
}
