package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The mysql_native_password challenge-response, both sides of it.
 *
 * <pre>
 * response = SHA1(password) XOR SHA1(scramble || SHA1(SHA1(password)))
 * </pre>
 *
 * <p>The server holds only {@code SHA1(SHA1(password))}, so it checks a response by undoing the XOR
 * to recover a candidate {@code SHA1(password)} and hashing it once more. An empty password is sent
 * as an empty response, not as the scramble of the empty string.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">Native Authentication</a>
 */
public final class NativePasswordScramble {

    /** Bytes in a response to a non-empty password. */
    public static final int RESPONSE_LENGTH = 20;

    private NativePasswordScramble() {}

    /** The client's response, as the gateway sends it when it logs in to a backend. */
    public static byte[] respond(String password, Scramble scramble) {
        Objects.requireNonNull(scramble, "scramble");
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = NativePasswordHash.stage1(password);
        byte[] stage2 = Digests.sha1(stage1);
        return Digests.xor(stage1, Digests.sha1(scramble.bytes(), stage2));
    }

    /**
     * Whether {@code response} proves knowledge of the password behind {@code verifier}, in constant
     * time for responses of the right length. An empty response passes only for the empty password.
     */
    public static boolean check(byte[] response, Scramble scramble, NativePasswordVerifier verifier) {
        Objects.requireNonNull(scramble, "scramble");
        if (response.length == 0) {
            return verifier.matches("");
        }
        if (response.length != RESPONSE_LENGTH) {
            return false;
        }
        byte[] stage2 = verifier.stage2();
        byte[] candidateStage1 = Digests.xor(response, Digests.sha1(scramble.bytes(), stage2));
        return MessageDigest.isEqual(Digests.sha1(candidateStage1), stage2);
    }
}
