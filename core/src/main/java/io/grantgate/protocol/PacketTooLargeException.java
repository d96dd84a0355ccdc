package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;

/**
 * A logical packet longer than the reader's limit, detected from the frame headers before its
 * payload is read, so a hostile length never becomes an allocation. The stream is then mid-packet:
 * the server answers {@link MySqlError#ER_NET_PACKET_TOO_LARGE} and closes, as MySQL does.
 */
public final class PacketTooLargeException extends ProtocolException {

    private final long length;
    private final int limit;

    public PacketTooLargeException(long length, int limit) {
        super("packet of at least " + length + " bytes exceeds the limit of " + limit);
        this.length = length;
        this.limit = limit;
    }

    /** The length seen so far, at least the frames' total; the packet may be longer still. */
    public long length() {
        return length;
    }

    public int limit() {
        return limit;
    }

    @Override
    public MySqlError error() {
        return MySqlError.ER_NET_PACKET_TOO_LARGE;
    }
}
