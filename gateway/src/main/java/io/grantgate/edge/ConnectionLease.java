package io.grantgate.edge;

import io.grantgate.backend.BackendConnection;
import io.grantgate.protocol.constant.Capabilities;
import java.io.InputStream;
import java.io.OutputStream;

/** A lease over one {@link BackendConnection}; subclasses decide what releasing it means. */
abstract class ConnectionLease implements BackendLease {

    final BackendConnection connection;

    ConnectionLease(BackendConnection connection) {
        this.connection = connection;
    }

    @Override
    public InputStream in() {
        return connection.input();
    }

    @Override
    public OutputStream out() {
        return connection.output();
    }

    @Override
    public Capabilities capabilities() {
        return connection.capabilities();
    }

    @Override
    public long connectionId() {
        return connection.connectionId();
    }
}
