package io.grantgate.protocol.message.client;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Objects;

/**
 * Protocol::SSLRequest: the first 32 bytes of a HandshakeResponse41 and nothing else, CLIENT_SSL
 * set. The client sends it in the clear, then starts TLS, then sends the full response. The same 32
 * bytes open every HandshakeResponse41: int&lt;4&gt; capabilities, int&lt;4&gt; max packet size,
 * int&lt;1&gt; character set, 23 filler bytes, of which MariaDB uses the last four for its extended
 * capabilities when CLIENT_MYSQL is clear.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html">Protocol::SSLRequest</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/1-connecting/connection">MariaDB: SSL connection request packet</a>
 */
public record SslRequest(Capabilities capabilities, long maxPacketSize, int characterSet) {

    /** The payload length, by which a server tells an SslRequest from a HandshakeResponse41. */
    public static final int LENGTH = 32;

    private static final int FILLER_LENGTH = 23;

    public SslRequest {
        checkHead(capabilities, maxPacketSize, characterSet);
    }

    /** True when a client's first packet is an SslRequest rather than a HandshakeResponse41. */
    public static boolean isSslRequest(byte[] payload, int length) {
        return length == LENGTH && (payload[1] & (CapabilityFlag.CLIENT_SSL.mask() >>> 8)) != 0;
    }

    public static SslRequest decode(PayloadReader payload) throws MalformedPacketException {
        if (payload.remaining() != LENGTH) {
            throw new MalformedPacketException("an SslRequest is " + LENGTH + " bytes, got " + payload.remaining());
        }
        SslRequest request = decodeHead(payload);
        if (!request.capabilities().contains(CapabilityFlag.CLIENT_SSL)) {
            throw new MalformedPacketException("SslRequest without CLIENT_SSL");
        }
        return request;
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter(LENGTH);
        encodeHead(out);
        return out.toByteArray();
    }

    /** Reads the 32 bytes that open a HandshakeResponse41 as well. */
    static SslRequest decodeHead(PayloadReader payload) throws MalformedPacketException {
        int lower32 = (int) payload.readInt4();
        long maxPacketSize = payload.readInt4();
        int characterSet = payload.readInt1();
        payload.skip(FILLER_LENGTH - 4);
        int extended = (int) payload.readInt4();
        Capabilities capabilities = Capabilities.fromParts(lower32, 0);
        if (capabilities.carriesMariaDbExtension()) {
            capabilities = Capabilities.fromParts(lower32, extended);
        }
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            throw new MalformedPacketException("a pre-4.1 handshake response");
        }
        return new SslRequest(capabilities, maxPacketSize, characterSet);
    }

    void encodeHead(PayloadWriter out) {
        out.writeInt4(capabilities.toInt() & 0xFFFFFFFFL)
                .writeInt4(maxPacketSize)
                .writeInt1(characterSet)
                .writeZeros(FILLER_LENGTH - 4)
                .writeInt4(capabilities.mariaDbExtended() & 0xFFFFFFFFL);
    }

    static void checkHead(Capabilities capabilities, long maxPacketSize, int characterSet) {
        Objects.requireNonNull(capabilities, "capabilities");
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)) {
            throw new IllegalArgumentException("only 4.1 clients are supported");
        }
        if (!capabilities.carriesMariaDbExtension() && capabilities.mariaDbExtended() != 0) {
            throw new IllegalArgumentException("MariaDB's extended capabilities need CLIENT_MYSQL clear");
        }
        if (maxPacketSize < 0 || maxPacketSize > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max packet size must fit in int<4>");
        }
        Objects.checkIndex(characterSet, 256);
    }
}
