package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend goes away under the gateway and comes back: open sessions get an error, logins in
 * between are refused cleanly, the gateway stays up, and as soon as the backend answers again new
 * sessions work, with no restart of the gateway and no connection left borrowed.
 */
class GatewayBackendRestartIT {

    private FaultProxy backend;
    private GatewayFixture gateway;
    private String user;

    @BeforeEach
    void start() throws Exception {
        ServerLogin login = TestBackend.get().login();
        backend = new FaultProxy(login.host(), login.port());
        gateway = new GatewayFixture(
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Map.of("backend.address", "127.0.0.1:" + backend.port()));
        user = "rst_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "127.0.0.1", null, null);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                gateway.url("", "connectTimeout=10000&socketTimeout=20000"), user, "pw-" + user);
    }

    private static long selectOne(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT 1");
    }

    @Test
    void sessionsWorkAgainAsSoonAsTheBackendIsBack() throws Exception {
        // idle pooled connections from earlier sessions, which the outage will kill under the pool
        for (int i = 0; i < 3; i++) {
            try (Connection c = connect()) {
                assertThat(selectOne(c)).isEqualTo(1);
            }
        }
        Connection open = connect();
        assertThat(selectOne(open)).isEqualTo(1);

        backend.cut();
        assertThatThrownBy(() -> selectOne(open)).as("the open session is told").isInstanceOf(SQLException.class);
        open.close();
        assertThatThrownBy(() -> connect().close())
                .as("a login while the backend is down")
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));

        backend.resume();
        for (int i = 0; i < 5; i++) {
            try (Connection c = connect()) {
                assertThat(selectOne(c))
                        .as("session %d after the backend came back", i)
                        .isEqualTo(1);
            }
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    @Test
    void idleConnectionsThatDiedWithoutAnyoneNoticingAreReplacedOnBorrow() throws Exception {
        try (Connection c = connect()) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
        gateway.awaitNoBorrowedBackendConnection();
        // no session is running: nothing in the gateway sees the connections drop
        backend.cut();
        backend.resume();
        Thread.sleep(600); // past the pool's alive-bypass window
        try (Connection c = connect()) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }
}
