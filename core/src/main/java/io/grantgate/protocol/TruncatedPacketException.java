package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;

/**
 * The stream ended inside a packet: in a header or before the payload its header announced. An end
 * of stream between packets is not an error and is reported by the reader's return value instead.
 */
public final class TruncatedPacketException extends ProtocolException {

    public TruncatedPacketException(String what, int expected, int received) {
        super("stream ended in " + what + " after " + received + " of " + expected + " bytes");
    }

    @Override
    public MySqlError error() {
        return MySqlError.ER_NET_READ_ERROR;
    }
}
