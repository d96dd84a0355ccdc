package io.grantgate.edge;

import io.grantgate.catalog.CatalogSnapshot;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of this gateway, so that a new catalog snapshot can end those whose account was
 * dropped, locked, or lost the host or a grant it connected with.
 */
public final class SessionRegistry implements Consumer<CatalogSnapshot> {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.connectionId());
    }

    public int size() {
        return sessions.size();
    }

    Optional<ClientSession> find(long connectionId) {
        return Optional.ofNullable(sessions.get(connectionId));
    }

    Collection<ClientSession> all() {
        return sessions.values();
    }

    /** Called by the catalog watcher with each new snapshot. */
    @Override
    public void accept(CatalogSnapshot snapshot) {
        for (ClientSession session : sessions.values()) {
            if (!session.allowedBy(snapshot)) {
                log.info("closing session {} of '{}': revoked by catalog version {}", session.connectionId(),
                        session.userName(), snapshot.version());
                session.revoke();
            }
        }
    }
}
