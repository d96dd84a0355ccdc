package io.grantgate.auth;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The 20-byte challenge ("nonce", "auth-plugin-data") a server sends in HandshakeV10 or an
 * AuthSwitchRequest, and both auth plugins mix into the client's response.
 *
 * <p>{@link #random()} makes one as MySQL does (see {@link UserSalt}); {@link #of(byte[])} takes the one
 * a backend sent, whatever its bytes, since MariaDB draws from a different range. Copies go in and out,
 * so no caller can change a scramble after the fact, and {@link #toString()} never shows the bytes.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>
 */
public final class Scramble {

    /** Bytes in a scramble, without the NUL that terminates it on the wire. */
    public static final int LENGTH = 20;

    private final byte[] bytes;

    private Scramble(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh scramble for a handshake the gateway sends. */
    public static Scramble random() {
        return new Scramble(UserSalt.generate());
    }

    /** The scramble a server sent, without its terminating NUL. */
    public static Scramble of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a scramble is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Scramble(bytes.clone());
    }

    /** A copy of the bytes, for the handshake codec. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scramble that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Scramble[" + LENGTH + " bytes]";
    }
}
