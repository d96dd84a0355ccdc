package io.grantgate.auth;

import java.security.SecureRandom;

/**
 * Random bytes the way MySQL's {@code generate_user_salt} makes them, for handshake scrambles and for
 * caching_sha2_password salts alike.
 *
 * <p>MySQL keeps only the low 7 bits of each random byte and bumps {@code 0x00} and {@code '$'} by one.
 * The bytes must not contain NUL because auth-plugin-data-part-2 of HandshakeV10 and the
 * AuthSwitchRequest data are NUL-terminated; they must not contain {@code '$'} because it delimits the
 * fields of the stored {@code $A$005$…} string; and they stay 7-bit so the stored string is valid UTF-8.
 * The resulting entropy is a little under 7 bits a byte (0x01 and '%' are twice as likely), as in MySQL.
 *
 * @see <a href="https://github.com/mysql/mysql-server/blob/trunk/mysys/crypt_genhash_impl.cc">crypt_genhash_impl.cc</a>
 */
final class UserSalt {

    static final int LENGTH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private UserSalt() {}

    static byte[] generate() {
        return generate(RANDOM);
    }

    static byte[] generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0x7f;
            if (b == 0 || b == '$') {
                b++;
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    /** Whether every byte is one {@link #generate} could have produced. */
    static boolean isValid(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0 || b == '$') {
                return false;
            }
        }
        return true;
    }
}
