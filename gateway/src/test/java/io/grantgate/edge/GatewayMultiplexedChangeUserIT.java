package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayChangeUserIT} with {@code sessions.multiplexing=transaction} on a pool of two
 * backend connections (a change's new account borrows its own before the old one's goes back), the raw client asking for CLIENT_SESSION_TRACK so that
 * its sessions share connections; relayed by the event loops while pinned.
 */
class GatewayMultiplexedChangeUserIT extends GatewayChangeUserIT {

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of("sessions.multiplexing", "transaction", "backend.max-connections", "2"));
    }

    /**
     * A session pinned to its connection (a transaction, a user variable, a temporary table) is no
     * longer after a refused change, whose reset dropped all of it: it gives the connection back, and
     * with another session pinned to the pool's other one, a third session of the account gets it
     * while the first is still open.
     */
    @Test
    void aRefusedChangeUnpinsTheSession() throws Exception {
        MultiplexStats stats = gateway.runtime.multiplexStats();
        try (ChangeUserClient c = client(gateway.runtime.port(), first, password(first));
                ChangeUserClient pinned = client(gateway.runtime.port(), first, password(first))) {
            for (String statement :
                    java.util.List.of("SET @v = 1", "CREATE TEMPORARY TABLE tmp_pin (a INT)", "BEGIN", "SELECT 1")) {
                assertThat(c.query(statement).ok()).as(statement).isTrue();
            }
            assertThat(pinned.query("BEGIN").ok()).isTrue();
            long returns = stats.returns();
            assertThat(outcome(c.changeUser(second, "wrong", "mysql_native_password", "")))
                    .isEqualTo("1045 28000");
            try (ChangeUserClient other = client(gateway.runtime.port(), first, password(first))) {
                assertThat(other.query("SELECT 1 + 1").value())
                        .as("a third session of the account runs on the connection the first gave back")
                        .isEqualTo("2");
            }
            assertThat(stats.returns())
                    .as("the first session gave its connection back")
                    .isGreaterThan(returns);
            assertThat(c.query("SELECT @v").value())
                    .as("and the state it was pinned by is gone")
                    .isNull();
            assertThat(pinned.query("COMMIT").ok()).isTrue();
        }
        gateway.awaitNoBorrowedBackendConnection();
    }
}
