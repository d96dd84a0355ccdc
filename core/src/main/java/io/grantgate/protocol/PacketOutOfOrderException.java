package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;

/** A frame whose sequence id is not the one that must come next. */
public final class PacketOutOfOrderException extends ProtocolException {

    public PacketOutOfOrderException(int expected, int actual) {
        super("expected sequence id " + expected + ", got " + actual);
    }

    @Override
    public MySqlError error() {
        return MySqlError.ER_NET_PACKETS_OUT_OF_ORDER;
    }
}
