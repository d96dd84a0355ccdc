package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/**
 * Feeds a decoder damaged versions of a valid payload (every truncation, every byte replaced by the
 * values that mean something in this protocol) and seeded random payloads, and fails on any
 * exception other than {@link MalformedPacketException}.
 */
public final class Garbage {

    /** A decoder under test. */
    @FunctionalInterface
    public interface Decoder {
        Object decode(PayloadReader payload) throws MalformedPacketException;
    }

    private static final int[] SPECIAL = {0x00, 0x01, 0x7F, 0x80, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};

    private Garbage() {}

    public static void onlyMalformed(byte[] valid, Decoder decoder) {
        for (int length = 0; length < valid.length; length++) {
            attempt(Arrays.copyOf(valid, length), decoder);
        }
        for (int i = 0; i < valid.length; i++) {
            for (int value : SPECIAL) {
                byte[] damaged = valid.clone();
                damaged[i] = (byte) value;
                attempt(damaged, decoder);
            }
        }
        Random random = new Random(20240917L);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(2 * valid.length + 8)];
            random.nextBytes(bytes);
            attempt(bytes, decoder);
            byte[] tail = valid.clone();
            int from = random.nextInt(valid.length);
            for (int i = from; i < tail.length; i++) {
                tail[i] = (byte) random.nextInt(256);
            }
            attempt(tail, decoder);
        }
    }

    private static void attempt(byte[] payload, Decoder decoder) {
        try {
            decoder.decode(PayloadReader.of(payload));
        } catch (MalformedPacketException expected) {
            // the one acceptable failure
        } catch (RuntimeException e) {
            fail("decoding [" + Hex.format(payload) + "] threw " + e, e);
        }
    }
}
