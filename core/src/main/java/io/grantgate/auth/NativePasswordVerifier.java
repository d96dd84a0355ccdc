package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mysql_native_password verifier in its stored form, {@code *} and 40 upper-case hex digits (see
 * {@link NativePasswordHash}). It is unsalted, so equal passwords give equal verifiers; that is the
 * plugin's design, and the reason {@link AuthPlugin#CACHING_SHA2_PASSWORD} is preferred.
 *
 * @param hash the stored form, {@code *HEX(SHA1(SHA1(password)))}
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">Native Authentication</a>
 */
public record NativePasswordVerifier(String hash) implements PasswordVerifier {

    private static final Pattern FORMAT = Pattern.compile("\\*[0-9A-F]{40}");

    /** Validates the exact stored format; the message never echoes the value. */
    public NativePasswordVerifier {
        Objects.requireNonNull(hash, "hash");
        if (!FORMAT.matcher(hash).matches()) {
            throw new IllegalArgumentException("a " + AuthPlugin.MYSQL_NATIVE_PASSWORD.pluginName()
                    + " verifier is '*' followed by 40 upper-case hex digits");
        }
    }

    /** The verifier of {@code password}. */
    public static NativePasswordVerifier create(String password) {
        return new NativePasswordVerifier(NativePasswordHash.of(password));
    }

    @Override
    public AuthPlugin plugin() {
        return AuthPlugin.MYSQL_NATIVE_PASSWORD;
    }

    @Override
    public boolean matches(String password) {
        return MessageDigest.isEqual(stage2(), NativePasswordHash.stage2(password));
    }

    @Override
    public String authenticationString() {
        return hash;
    }

    /** {@code SHA1(SHA1(password))} as bytes, for {@link NativePasswordScramble#check}. */
    byte[] stage2() {
        return HexFormat.of().parseHex(hash, 1, hash.length());
    }

    @Override
    public String toString() {
        return "NativePasswordVerifier[hash=<hidden>]";
    }
}
