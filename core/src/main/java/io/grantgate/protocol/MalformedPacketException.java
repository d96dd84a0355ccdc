package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;

/**
 * A payload that does not parse as the packet it must be: too short, a length that runs past the
 * end, a missing NUL, a wrong header byte. Decoders throw this and nothing else for bad input, so
 * garbage from a client never surfaces as an {@code ArrayIndexOutOfBoundsException}.
 *
 * <p>Answered with {@link MySqlError#ER_MALFORMED_PACKET}; during the handshake a server answers
 * {@link MySqlError#ER_HANDSHAKE_ERROR} instead, which the session decides, not this class.
 */
public final class MalformedPacketException extends ProtocolException {

    public MalformedPacketException(String message) {
        super(message);
    }

    @Override
    public MySqlError error() {
        return MySqlError.ER_MALFORMED_PACKET;
    }
}
