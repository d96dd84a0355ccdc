package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mysql_native_password verifier: {@code '*' + HEX(SHA1(SHA1(password)))}, upper case, the form
 * MySQL and MariaDB keep in their grant tables and accept in {@code IDENTIFIED BY PASSWORD '...'}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">Native Authentication</a>
 */
public final class NativePasswordHash {

    private NativePasswordHash() {
    }

    /** The stored form of {@code password}. */
    public static String of(String password) {
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        return "*" + HexFormat.of().withUpperCase().formatHex(stage2);
    }

    static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
