package io.grantgate.protocol;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Annotated hex for test fixtures: pairs of hex digits, whitespace ignored, '#' comments to the end of the line. */
public final class Hex {

    private Hex() {}

    public static byte[] bytes(String annotated) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : annotated.split("\n")) {
            int comment = line.indexOf('#');
            String hex = (comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", "");
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in: " + line);
            }
            out.writeBytes(HexFormat.of().parseHex(hex));
        }
        return out.toByteArray();
    }

    public static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
