package io.grantgate.edge;

import io.grantgate.protocol.Hex;
import io.grantgate.protocol.PacketHeader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Bytes on the wire for the relay tests: frames, exact reads, and comparisons that say where bytes differ. */
final class Wire {

    private Wire() {}

    /** One frame: header and payload (under 16 MiB). */
    static byte[] frame(int sequenceId, byte[] payload) {
        byte[] frame = new byte[PacketHeader.SIZE + payload.length];
        PacketHeader.encode(payload.length, sequenceId, frame, 0);
        System.arraycopy(payload, 0, frame, PacketHeader.SIZE, payload.length);
        return frame;
    }

    /** Reads {@code expected.length} bytes (or up to the end of the stream) and fails unless they are those. */
    static void expect(InputStream in, byte[] expected, String what) throws IOException {
        assertSame(what, expected, in.readNBytes(expected.length));
    }

    static void assertSame(String what, byte[] expected, byte[] actual) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return;
        }
        String where = at == actual.length && actual.length < expected.length
                ? "the stream ended after " + actual.length + " of " + expected.length + " bytes"
                : "byte " + at + " of " + expected.length + " differs";
        throw new AssertionError(what + ": " + where + "\n  expected ..." + around(expected, at) + "\n  actual   ..."
                + around(actual, at));
    }

    private static String around(byte[] bytes, int at) {
        int from = Math.max(0, at - 8);
        return Hex.format(Arrays.copyOfRange(bytes, Math.min(from, bytes.length), Math.min(bytes.length, at + 16)));
    }
}
