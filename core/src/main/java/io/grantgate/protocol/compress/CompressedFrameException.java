package io.grantgate.protocol.compress;

import io.grantgate.protocol.ProtocolException;
import io.grantgate.protocol.constant.MySqlError;

/**
 * A compressed frame whose payload does not decompress to the length its header declares: corrupt
 * data, a truncated stream, or more bytes than declared. Answered with
 * {@link MySqlError#ER_NET_UNCOMPRESS_ERROR}, as a server answers it, and the connection closes.
 */
public final class CompressedFrameException extends ProtocolException {

    public CompressedFrameException(String message) {
        super(message);
    }

    @Override
    public MySqlError error() {
        return MySqlError.ER_NET_UNCOMPRESS_ERROR;
    }
}
