package io.grantgate.backend;

import java.util.Objects;

/**
 * What a backend node's last health check found: in service or not, and why not.
 *
 * @param up     new sessions may go to the node
 * @param reason why it is out ("connect failed …", "Galera node not synced …"); "in service" when up
 */
public record NodeHealth(boolean up, String reason) {

    public static final NodeHealth IN_SERVICE = new NodeHealth(true, "in service");

    public NodeHealth {
        Objects.requireNonNull(reason, "reason");
    }

    public static NodeHealth out(String reason) {
        return new NodeHealth(false, reason);
    }
}
