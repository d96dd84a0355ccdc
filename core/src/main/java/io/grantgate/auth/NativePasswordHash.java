package io.grantgate.auth;

import java.util.HexFormat;

/**
 * The mysql_native_password verifier: {@code '*' + HEX(SHA1(SHA1(password)))}, upper case, the form
 * MySQL and MariaDB keep in their grant tables and accept in {@code IDENTIFIED BY PASSWORD '...'}.
 *
 * <p>The two stages have names because the scramble uses both: the client proves it knows stage 1
 * ({@code SHA1(password)}) to a server that stores only stage 2.
 *
 * @see NativePasswordVerifier
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">Native Authentication</a>
 */
public final class NativePasswordHash {

    private NativePasswordHash() {}

    /** The stored form of {@code password}. */
    public static String of(String password) {
        return "*" + HexFormat.of().withUpperCase().formatHex(stage2(password));
    }

    /** {@code SHA1(password)}: what the client proves it knows. */
    static byte[] stage1(String password) {
        return Digests.sha1(Digests.utf8(password));
    }

    /** {@code SHA1(SHA1(password))}: what the server stores. */
    static byte[] stage2(String password) {
        return Digests.sha1(stage1(password));
    }
}
