package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@code SHA256(SHA256(password))}: what a caching_sha2_password server keeps in memory for an account
 * after a successful full authentication, so that later logins need only the scramble exchange.
 *
 * <p>It is derived from the clear password and never stored on disk; whoever keeps it must drop it when
 * the account's password changes or the account goes away, as MySQL does on ALTER/RENAME/DROP USER and
 * FLUSH PRIVILEGES.
 *
 * @see CachingSha2Scramble#check
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password information</a>
 */
public final class FastAuthDigest {

    private final byte[] bytes;

    private FastAuthDigest(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The entry for {@code password}; call it only once the password has been verified. */
    public static FastAuthDigest of(String password) {
        return new FastAuthDigest(Digests.sha256(Digests.sha256(Digests.utf8(password))));
    }

    /** A copy of the 32 bytes. */
    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FastAuthDigest that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "FastAuthDigest[<hidden>]";
    }
}
