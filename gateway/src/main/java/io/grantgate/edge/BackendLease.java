package io.grantgate.edge;

import io.grantgate.protocol.constant.Capabilities;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A backend connection a session holds for its lifetime: authenticated as the account's backend
 * account, with the same wire-format capabilities as the client, so packets pass unchanged.
 */
public interface BackendLease extends AutoCloseable {

    InputStream in();

    OutputStream out();

    /** What client and backend agreed on: decides the shape of responses. */
    Capabilities capabilities();

    /** The backend's own connection id, for KILL when a session is revoked mid-statement. */
    long connectionId();

    /**
     * Gives the connection back: reset and pooled when {@code broken} is false, discarded otherwise
     * (a response cut off half-way leaves it unusable).
     */
    void release(boolean broken);

    @Override
    default void close() {
        release(true);
    }
}
