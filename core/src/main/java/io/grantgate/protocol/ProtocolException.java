package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;
import java.io.IOException;

/**
 * The peer broke the wire protocol: a frame too large, a stream cut mid-packet, packets out of
 * order, or a payload that does not parse. Each subclass names the {@link MySqlError} a server
 * answers it with before closing the connection, so the connection loop needs no mapping table.
 *
 * <p>An {@link IOException} because that is what it is to the caller: the bytes on the connection
 * cannot be trusted any more, exactly as after a reset.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
public abstract class ProtocolException extends IOException {

    protected ProtocolException(String message) {
        super(message);
    }

    /** The error a server sends the peer for this, in an ERR packet, before it closes. */
    public abstract MySqlError error();
}
