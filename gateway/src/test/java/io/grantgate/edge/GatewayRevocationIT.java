package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.testing.FirstValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed workflow through the gateway: allowed from 127.0.0.1 only, then from anywhere, then revoked live. */
class GatewayRevocationIT {

    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofMillis(250));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private Connection connect(String user, String source) throws SQLException {
        return DriverManager.getConnection(gateway.url("", "localSocketAddress=" + source), user, "pw-" + user);
    }

    @Test
    void allowedFromOneAddressThenFromAnywhereThenRevokedWithinTwoSeconds() throws Exception {
        String xuys = "xuys_" + gateway.prefix;
        gateway.grant(xuys, "pw-" + xuys, "127.0.0.1", null, null);
        try (Connection c = connect(xuys, "127.0.0.1")) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> connect(xuys, "127.0.0.2").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));

        gateway.grant(xuys, null, "%", null, null);
        String bystander = "calm_" + gateway.prefix;
        gateway.grant(bystander, "pw-" + bystander, "%", null, null);
        try (Connection viaAnywhere = connect(xuys, "127.0.0.2");
                Connection other = connect(bystander, "127.0.0.3")) {
            assertThat(one(viaAnywhere)).isEqualTo(1);

            long revokedAt = System.nanoTime();
            gateway.revokeHost(xuys, "%");
            long deadline = revokedAt + Duration.ofSeconds(2).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    one(viaAnywhere);
                    Thread.sleep(50);
                } catch (SQLException e) {
                    closed = true;
                }
            }
            assertThat(closed)
                    .as("the session through '%' is closed within 2 s")
                    .isTrue();
            assertThat(one(other)).as("a session not affected goes on").isEqualTo(1);
        }
        try (Connection stillAllowed = connect(xuys, "127.0.0.1")) {
            assertThat(one(stillAllowed)).as("127.0.0.1 is still allowed").isEqualTo(1);
        }
    }

    private static long one(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT 1");
    }
}
