package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account that exists only in an access file logs in through a gateway once {@code admin apply}
 * made it (its password from the environment, as the file refers to it), and can no longer once an
 * apply with {@code --prune} of a file without it dropped it. The admin command runs in-process on
 * the gateway's catalog, as in {@link GatewayInstancesIT}.
 */
class AccessFileGatewayIT {

    private static final String PASSWORD = "Fr0m-the-environment";

    private static GatewayFixture gateway;
    private static String database;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        database = "acc_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + database + "`");
            s.execute("CREATE TABLE `" + database + "`.t (v INT)");
            s.execute("INSERT INTO `" + database + "`.t VALUES (7)");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static AdminRun admin(Map<String, String> env, String... args) {
        return AdminRun.of(env, args);
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + gateway.runtime.port() + "/" + database + "?allowPublicKeyRetrieval=true",
                user,
                PASSWORD);
    }

    @Test
    void anAccountFromTheFileLogsInThroughTheGatewayUntilPruned() throws Exception {
        String user = "af_" + gateway.prefix;
        Map<String, String> env = new HashMap<>(gateway.adminEnvironment());
        env.put("AF_PASSWORD", PASSWORD);
        Path file = dir.resolve("access.yaml");
        Files.writeString(file, """
                version: 1
                accounts:
                  - name: %s
                    password: {env: AF_PASSWORD}
                    hosts:
                      - pattern: 127.0.0.1
                    grants:
                      - scope: %s.*
                        privileges: [SELECT]
                """.formatted(user, database));

        AdminRun diff = admin(env, "diff", "-f", file.toString());
        assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(3);
        AdminRun apply = admin(env, "apply", "-f", file.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        gateway.runtime.catalog().refresh();

        try (Connection c = connect(user);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM t"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1142));
        }
        assertThat(admin(env, "diff", "-f", file.toString()).exitCode()).isZero();

        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "version: 1\naccounts: []\n");
        AdminRun prune = admin(env, "apply", "-f", empty.toString(), "--prune");
        assertThat(prune.exitCode()).as(prune.out() + prune.err()).isZero();
        assertThat(prune.out()).contains("account '" + user + "' dropped");
        gateway.runtime.catalog().refresh();
        assertThatThrownBy(() -> connect(user).close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }
}
