package io.grantgate.bench.netfuzz;

/**
 * The few protocol facts the fuzzer needs, from the protocol pages (it shares no codec with the
 * gateway, so that the fuzzer cannot share a bug with what it fuzzes): the frame header, the first
 * bytes of the server's replies, and the capability flags that decide a HandshakeResponse41's layout.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
final class Wire {

    /** 3-byte little-endian payload length, then the sequence id. */
    static final int HEADER_LENGTH = 4;

    static final int MAX_PAYLOAD_LENGTH = 0xFF_FFFF;
    static final int SEQUENCE_ID_MASK = 0xFF;

    static final int OK = 0x00;
    static final int AUTH_MORE_DATA = 0x01;
    static final int AUTH_SWITCH_REQUEST = 0xFE;
    static final int ERR = 0xFF;

    /** An EOF packet starts with 0xFE too, but is shorter than this; an AuthSwitchRequest is not. */
    static final int MIN_AUTH_SWITCH_LENGTH = 9;

    /** caching_sha2_password's AuthMoreData: the cached digest matched, an OK follows. */
    static final int FAST_AUTH_SUCCESS = 0x03;

    static final int COM_CHANGE_USER = 0x11;

    static final int CLIENT_CONNECT_WITH_DB = 1 << 3;
    static final int CLIENT_SSL = 1 << 11;
    static final int CLIENT_SECURE_CONNECTION = 1 << 15;
    static final int CLIENT_PLUGIN_AUTH = 1 << 19;
    static final int CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;

    /** An SSLRequest is a HandshakeResponse41 cut after its 23-byte filler. */
    static final int SSL_REQUEST_LENGTH = 32;

    /** Capabilities (4), max packet size (4), character set (1), filler (23): where the user name starts. */
    static final int HANDSHAKE_RESPONSE_FIXED_LENGTH = 32;

    /** int&lt;lenenc&gt; prefixes: two, three and eight bytes follow. */
    static final int LENENC_2 = 0xFC;

    static final int LENENC_3 = 0xFD;
    static final int LENENC_8 = 0xFE;

    private Wire() {}

    static int payloadLength(byte[] frame, int offset) {
        return (frame[offset] & 0xFF) | (frame[offset + 1] & 0xFF) << 8 | (frame[offset + 2] & 0xFF) << 16;
    }

    static int sequenceId(byte[] frame) {
        return frame[3] & SEQUENCE_ID_MASK;
    }

    /** The payload's first byte, or -1 for an empty payload. */
    static int firstByte(byte[] frame) {
        return frame.length > HEADER_LENGTH ? frame[HEADER_LENGTH] & 0xFF : -1;
    }

    static byte[] frame(int sequenceId, byte[] payload) {
        byte[] frame = new byte[HEADER_LENGTH + payload.length];
        writeHeader(frame, payload.length, sequenceId);
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
        return frame;
    }

    static void writeHeader(byte[] frame, int length, int sequenceId) {
        frame[0] = (byte) length;
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) (length >>> 16);
        frame[3] = (byte) sequenceId;
    }

    static int int4(byte[] p, int pos) {
        return (p[pos] & 0xFF) | (p[pos + 1] & 0xFF) << 8 | (p[pos + 2] & 0xFF) << 16 | (p[pos + 3] & 0xFF) << 24;
    }

    /** Whether a client's first frame is an SSLRequest: 32 bytes with CLIENT_SSL. */
    static boolean isSslRequest(byte[] frame) {
        return frame.length == HEADER_LENGTH + SSL_REQUEST_LENGTH && (int4(frame, HEADER_LENGTH) & CLIENT_SSL) != 0;
    }
}
