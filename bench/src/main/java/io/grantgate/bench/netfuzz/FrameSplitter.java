package io.grantgate.bench.netfuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream that arrives in arbitrary pieces into whole frames (header and payload). Not
 * thread-safe: one per direction of one connection.
 */
final class FrameSplitter {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds what was read; returns the frames it completed, in order. */
    List<byte[]> add(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
        byte[] all = pending.toByteArray();
        List<byte[]> frames = new ArrayList<>();
        int pos = 0;
        while (all.length - pos >= Wire.HEADER_LENGTH) {
            int end = pos + Wire.HEADER_LENGTH + Wire.payloadLength(all, pos);
            if (end > all.length) {
                break;
            }
            frames.add(Arrays.copyOfRange(all, pos, end));
            pos = end;
        }
        pending.reset();
        pending.write(all, pos, all.length - pos);
        return frames;
    }

    /** The bytes of an incomplete frame, taken out (after an SSLRequest they are TLS). */
    byte[] takeRest() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        return rest;
    }
}
