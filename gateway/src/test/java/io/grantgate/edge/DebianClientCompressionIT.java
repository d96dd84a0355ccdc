package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.ClientTools;
import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.ToolRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code mariadb} client with {@code --compress} (zlib, libmariadb) through the gateway and
 * direct to the backend: the same output for a 1 MB result, a prepared statement and a LOCAL INFILE
 * load, with the bytes to the client counted by a proxy in front of the gateway.
 */
@ClientTools.Requires(ClientTools.Tool.MARIADB)
class DebianClientCompressionIT {

    @TempDir
    static Path work;

    private static Path mariadb;
    private static GatewayFixture gateway;
    private static FaultProxy wire;
    private static String shop;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        mariadb = ClientTools.require(ClientTools.Tool.MARIADB);
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        wire = new FaultProxy("127.0.0.1", gateway.runtime.port());
        shop = "zcli_" + gateway.prefix;
        user = "zcli" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
            s.execute("CREATE TABLE `" + shop + "`.t (id INT PRIMARY KEY, v VARCHAR(100))");
        }
        gateway.grantNative(user, "pw-" + user, "127.0.0.1", "SELECT,INSERT,DELETE", shop + ".*");
    }

    @AfterAll
    static void stop() throws Exception {
        if (wire != null) {
            wire.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theCliCompressesAndSeesWhatItSeesDirect() throws Exception {
        Path file = work.resolve("rows.tsv");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            rows.append(i).append('\t').append("row ").append(i).append('\n');
        }
        Files.writeString(file, rows);
        String sql = "SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000) FROM seq_1_to_1000;"
                + " PREPARE s FROM 'SELECT COUNT(*), SUM(seq) FROM seq_1_to_1000 WHERE seq > ?'; SET @n = 10;"
                + " EXECUTE s USING @n; DEALLOCATE PREPARE s;"
                + " LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE t (id, v);"
                + " SELECT COUNT(*), SUM(id), SUM(LENGTH(v)) FROM t; DELETE FROM t";
        ServerLogin login = gateway.backend.login();

        ToolRun direct = mariadb(optionFile(login.user(), login.password()), login.host(), login.port(), sql);
        long before = wire.bytesToClients();
        ToolRun through = mariadb(optionFile(user, "pw-" + user), "127.0.0.1", wire.port(), sql);
        long sent = wire.bytesToClients() - before;

        assertThat(direct.exitCode()).as(direct.output()).isZero();
        assertThat(through.exitCode()).as(through.output()).isZero();
        assertThat(through.output()).isEqualTo(direct.output());
        assertThat(direct.output()).contains("2000\t2001000\t").contains("990\t500445");
        assertThat(sent).as("bytes to the client: compressed").isLessThan(200_000);
        gateway.awaitNoBorrowedBackendConnection();
    }

    private static ToolRun mariadb(Path options, String host, int port, String sql) throws Exception {
        return ToolRun.of(
                List.of(
                        mariadb.toString(),
                        "--defaults-file=" + options,
                        "-h",
                        host,
                        "-P",
                        Integer.toString(port),
                        "--connect-timeout=10",
                        "--skip-ssl",
                        "--compress",
                        "--local-infile=1",
                        "--batch",
                        "-e",
                        sql,
                        shop),
                work,
                Duration.ofSeconds(60));
    }

    private static Path optionFile(String user, String password) throws Exception {
        return ToolRun.writePrivate(
                Files.createTempDirectory(work, "client").resolve("my.cnf"),
                "[client]\nuser=" + user + "\npassword=" + password + "\n");
    }
}
