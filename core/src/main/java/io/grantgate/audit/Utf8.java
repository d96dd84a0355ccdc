package io.grantgate.audit;

/**
 * Strict UTF-8 validation in place: no overlong forms, no surrogates, nothing above U+10FFFF, as
 * MySQL's utf8mb4 accepts. Java's decoder would replace bad sequences rather than report them, and
 * a {@code CharsetDecoder} that reports would allocate buffers for every value. Stateless.
 */
final class Utf8 {

    private Utf8() {}

    /**
     * How many of the bytes are valid text, or -1 when they are not text.
     *
     * @param cut the bytes are the start of a longer value, so a character that runs past their end
     *     is not an error: the count stops before it
     */
    static int validLength(byte[] bytes, int offset, int length, boolean cut) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuation = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuation = 2;
                secondMin = lead == 0xE0 ? 0xA0 : 0x80; // below: overlong
                secondMax = lead == 0xED ? 0x9F : 0xBF; // above: surrogates
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuation = 3;
                secondMin = lead == 0xF0 ? 0x90 : 0x80; // below: overlong
                secondMax = lead == 0xF4 ? 0x8F : 0xBF; // above: past U+10FFFF
            } else {
                return -1;
            }
            for (int k = 1; k <= continuation; k++) {
                if (i + k >= end) {
                    return cut ? i - offset : -1;
                }
                int next = bytes[i + k] & 0xFF;
                if (next < (k == 1 ? secondMin : 0x80) || next > (k == 1 ? secondMax : 0xBF)) {
                    return -1;
                }
            }
            i += continuation + 1;
        }
        return length;
    }
}
