package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An account granted one schema reaches no other through the gateway: no grant to PUBLIC or to the
 * test schemas widens its backend account (the embedded MariaDB's installer makes both, and its
 * secure-install step takes them away).
 */
class GatewaySchemaIsolationIT {

    private static GatewayFixture gateway;
    private static String shop;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        shop = "shop_" + gateway.prefix;
        user = "only_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.t (a INT)");
        }
        gateway.grant(user, "pw-" + user, "127.0.0.1", "SELECT", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CREATE DATABASE test_evil",
                "CREATE DATABASE test",
                "CREATE TABLE test.t (a INT)",
                "CREATE TABLE test_evil.t (a INT)",
                "CREATE TABLE `test_x`.t (a INT)"
            })
    void anAccountGrantedOneSchemaCannotCreateOrWriteAnother(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(gateway.url(shop, ""), user, "pw-" + user);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).as(e.getMessage()).isIn(1044, 1142));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertThat(rs.next()).as("its own schema still works").isTrue();
            }
        }
    }

    @Test
    void theBackendHoldsNoGrantToPublicNorToTheTestSchemas() throws SQLException {
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mysql.db WHERE User IN ('', 'PUBLIC')"
                        + " OR Db IN ('test', 'test\\\\_%')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
