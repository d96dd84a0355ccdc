package io.grantgate.edge;

import io.grantgate.protocol.compress.Compressor;
import io.grantgate.protocol.compress.ZlibCompressor;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compression between a client and the gateway, never between the gateway and its backend: the
 * backend is near (a LAN, often the same host), where compression would cost both sides CPU for
 * bytes that are cheap to move, and the relay copies the backend's plain frames without decoding
 * them. Offered: zlib (CLIENT_COMPRESS) always, zstd (CLIENT_ZSTD_COMPRESSION_ALGORITHM) when its
 * native library loads. A client that sets both gets zlib, as MySQL decides. Compression starts
 * after the OK that ends the login and stays on for the connection, through COM_CHANGE_USER.
 */
final class ClientCompression {

    private ClientCompression() {}

    /** The capabilities the greeting offers for compression. */
    static Capabilities offered() {
        return ZstdCompressor.available()
                ? Capabilities.of(CapabilityFlag.CLIENT_COMPRESS, CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
                : Capabilities.of(CapabilityFlag.CLIENT_COMPRESS);
    }

    /**
     * The compressor for a session whose login negotiated {@code negotiated} (the client's flags and
     * the greeting's), with the zstd level of its HandshakeResponse41; empty when it compresses not.
     */
    static Optional<Compressor> negotiated(Capabilities negotiated, OptionalInt zstdLevel) {
        if (negotiated.contains(CapabilityFlag.CLIENT_COMPRESS)) {
            return Optional.of(new ZlibCompressor());
        }
        if (negotiated.contains(CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM) && ZstdCompressor.available()) {
            return Optional.of(new ZstdCompressor(zstdLevel.orElse(ZstdCompressor.DEFAULT_LEVEL)));
        }
        return Optional.empty();
    }
}
