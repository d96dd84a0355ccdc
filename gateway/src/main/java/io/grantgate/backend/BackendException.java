package io.grantgate.backend;

import io.grantgate.protocol.message.server.ErrPacket;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend connection or command failed. Either the backend answered with an ERR packet, kept
 * unchanged in {@link #serverError()} so the gateway can pass it to its client byte for byte, or the
 * gateway detected the failure itself ({@link BackendFailure}: lost connection, malformed packet …),
 * in which case the cause is kept.
 *
 * <p>{@link #connectionUsable()} says whether the connection may carry another command: true after
 * a statement's ERR, false after anything during the handshake or any I/O failure.
 */
public final class BackendException extends IOException {

    private final ErrPacket error;
    private final boolean fromServer;
    private final boolean connectionUsable;

    private BackendException(ErrPacket error, boolean fromServer, boolean connectionUsable, Throwable cause) {
        super(error.errorCode() + " (" + error.sqlState() + "): " + error.message(), cause);
        this.error = error;
        this.fromServer = fromServer;
        this.connectionUsable = connectionUsable;
    }

    /** The backend's own ERR packet. */
    public static BackendException fromServer(ErrPacket error, boolean connectionUsable) {
        return new BackendException(Objects.requireNonNull(error, "error"), true, connectionUsable, null);
    }

    /** A failure the gateway detected; the connection is not usable afterwards. */
    public static BackendException of(BackendFailure failure, Throwable cause, Object... arguments) {
        ErrPacket packet = new ErrPacket(failure.code(), failure.sqlState(), failure.message(arguments));
        return new BackendException(packet, false, false, cause);
    }

    /** The server's ERR packet, if the backend sent one. */
    public Optional<ErrPacket> serverError() {
        return fromServer ? Optional.of(error) : Optional.empty();
    }

    /** What to tell the client: the server's ERR unchanged, or one made for the detected failure. */
    public ErrPacket toErrPacket() {
        return error;
    }

    public int errorCode() {
        return error.errorCode();
    }

    public String sqlState() {
        return error.sqlState();
    }

    public boolean connectionUsable() {
        return connectionUsable;
    }
}
