package io.grantgate.bench.floor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fixed bytes of a connect, {@code SELECT 1}, quit session as the gateway exchanges them: a
 * greeting offering caching_sha2_password, fast auth's success sent with the OK in one write, and the
 * one-row result the canned backend gives. Built once; the floor servers only copy them.
 */
final class FloorPackets {

    static final int COM_QUIT = 0x01;

    private static final int CAPABILITIES = 1 // CLIENT_LONG_PASSWORD
            | 1 << 3 // CLIENT_CONNECT_WITH_DB
            | 1 << 9 // CLIENT_PROTOCOL_41
            | 1 << 13 // CLIENT_TRANSACTIONS
            | 1 << 15 // CLIENT_SECURE_CONNECTION
            | 1 << 19; // CLIENT_PLUGIN_AUTH

    /** HandshakeV10 with a fixed scramble: the floor checks no password. */
    static final byte[] GREETING = packet(0, greetingPayload());
    /** AuthMoreData "fast auth success", then OK. */
    static final byte[] FAST_AUTH_OK = concat(
            packet(2, new byte[] {0x01, 0x03}), packet(3, new byte[] {0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}));
    /** SELECT 1's result: column count, column definition, EOF, row, EOF. */
    static final byte[] SELECT_ONE_RESULT = concat(
            packet(1, new byte[] {0x01}),
            packet(2, columnDefinition()),
            packet(3, new byte[] {(byte) 0xFE, 0x00, 0x00, 0x02, 0x00}),
            packet(4, new byte[] {0x01, '1'}),
            packet(5, new byte[] {(byte) 0xFE, 0x00, 0x00, 0x02, 0x00}));

    private FloorPackets() {}

    /** The length of the first whole packet in {@code bytes[0, length)}, header included; -1 if incomplete. */
    static int wholePacket(byte[] bytes, int length) {
        return wholePacket(bytes, 0, length);
    }

    /**
     * The length of a whole text-protocol response at the start of {@code bytes[0, length)}: an OK or
     * an ERR, or a result set up to its second EOF (the floors' clients never ask for
     * CLIENT_DEPRECATE_EOF) or an ERR among its rows; -1 if more is to come.
     */
    static int wholeResponse(byte[] bytes, int length) {
        int at = 0;
        int eofs = 0;
        boolean first = true;
        while (true) {
            int packet = wholePacket(bytes, at, length);
            if (packet < 0) {
                return -1;
            }
            int kind = packet > 4 ? bytes[at + 4] & 0xFF : -1;
            boolean eof = kind == 0xFE && packet - 4 < 9;
            at += packet;
            if ((first && kind == 0x00) || kind == 0xFF || (eof && ++eofs == 2)) {
                return at;
            }
            first = false;
        }
    }

    private static int wholePacket(byte[] bytes, int at, int length) {
        if (length - at < 4) {
            return -1;
        }
        int payload = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16;
        return length - at >= 4 + payload ? 4 + payload : -1;
    }

    private static byte[] greetingPayload() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(10);
        p.writeBytes("5.5.5-10.11.0-floor\0".getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(new byte[] {1, 0, 0, 0}); // connection id
        p.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        p.write(0);
        p.write(CAPABILITIES & 0xFF);
        p.write(CAPABILITIES >>> 8 & 0xFF);
        p.write(45); // utf8mb4_general_ci
        p.writeBytes(new byte[] {0x02, 0x00}); // SERVER_STATUS_AUTOCOMMIT
        p.write(CAPABILITIES >>> 16 & 0xFF);
        p.write(CAPABILITIES >>> 24 & 0xFF);
        p.write(21);
        p.writeBytes(new byte[10]);
        p.writeBytes("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII));
        p.writeBytes("caching_sha2_password\0".getBytes(StandardCharsets.US_ASCII));
        return p.toByteArray();
    }

    private static byte[] columnDefinition() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        for (String s : new String[] {"def", "", "", "", "1", ""}) {
            p.write(s.length());
            p.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
        p.write(0x0c);
        p.writeBytes(new byte[] {0x3f, 0x00}); // binary
        p.writeBytes(new byte[] {0x01, 0x00, 0x00, 0x00}); // length
        p.write(0x08); // LONGLONG
        p.writeBytes(new byte[] {(byte) 0x81, 0x00}); // NOT NULL, BINARY
        p.write(0); // decimals
        p.writeBytes(new byte[] {0, 0});
        return p.toByteArray();
    }

    private static byte[] packet(int sequenceId, byte[] payload) {
        byte[] packet = new byte[4 + payload.length];
        packet[0] = (byte) payload.length;
        packet[1] = (byte) (payload.length >>> 8);
        packet[2] = (byte) (payload.length >>> 16);
        packet[3] = (byte) sequenceId;
        System.arraycopy(payload, 0, packet, 4, payload.length);
        return packet;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
