package io.grantgate.edge;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sessions.multiplexing}: whether client sessions share backend connections.
 *
 * <p>{@link #TRANSACTION} applies only to sessions whose client negotiated CLIENT_SESSION_TRACK: their
 * backend connections track session state, and the OK packets that report it have the layout such a
 * client reads. A client without it would receive OKs it cannot parse, so its sessions hold their
 * connection for life, as with {@link #OFF}.
 */
public enum Multiplexing {
    /** Each session holds its backend connection from login to end. */
    OFF("off"),
    /** A session gives its connection back whenever a response leaves it idle with no state on the connection. */
    TRANSACTION("transaction");

    private final String setting;

    Multiplexing(String setting) {
        this.setting = setting;
    }

    /** The mode a setting names, in any case. */
    public static Optional<Multiplexing> parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Multiplexing mode : values()) {
            if (mode.setting.equals(wanted)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** Whether a session of a client that negotiated these capabilities shares its backend connection. */
    boolean appliesTo(Capabilities clientCapabilities) {
        return this == TRANSACTION && clientCapabilities.contains(CapabilityFlag.CLIENT_SESSION_TRACK);
    }

    public String setting() {
        return setting;
    }
}
