package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.ClientTools;
import io.grantgate.testing.SysbenchReport;
import io.grantgate.testing.ToolRun;
import io.grantgate.tls.SelfSignedCertificate;
import io.grantgate.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's sysbench 1.0.20 {@code oltp_read_write} through the gateway, prepare, run and cleanup,
 * with its default server-side prepared statements ({@code --db-ps-mode=auto}: COM_STMT_PREPARE,
 * COM_STMT_EXECUTE, COM_STMT_CLOSE), four threads, as a caching_sha2_password account.
 *
 * <p>Debian builds sysbench on libmariadb, so it authenticates like the mariadb CLI: without TLS
 * the caching_sha2_password plugin asks for the gateway's RSA key by itself; no native account is
 * needed. For TLS, 1.0.20 has only {@code --mysql-ssl=on|off} (no {@code --mysql-ssl-ca} and the
 * like, no ssl-mode): {@code on} passes libmariadb the fixed names {@code client-key.pem},
 * {@code client-cert.pem} and {@code cacert.pem} in its working directory, and fails with 2026
 * "TLS/SSL error: No such file or directory" when they are missing, so the TLS case puts the
 * gateway's certificate and a throwaway client pair there. The password sits in a 0600
 * {@code --config-file}, not on the command line.
 */
@ClientTools.Requires(ClientTools.Tool.SYSBENCH)
class SysbenchIT {

    /**
     * What oltp_read_write needs: prepare CREATE (tables), INSERT and INDEX (CREATE INDEX k_1); run
     * SELECT, INSERT, UPDATE and DELETE; cleanup DROP (tables).
     */
    private static final String PRIVILEGES = "SELECT,INSERT,UPDATE,DELETE,CREATE,DROP,INDEX";

    @TempDir
    static Path work;

    private static Path sysbench;
    static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** @param settings the gateway's, on top of the fixture's ({@link SysbenchMultiplexedIT}) */
    static void startWith(Map<String, String> settings) throws Exception {
        sysbench = ClientTools.require(ClientTools.Tool.SYSBENCH);
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(30), settings);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "tls"})
    void oltpReadWritePreparesRunsAndCleansUp(String transport) throws Exception {
        String schema = "sbtest_" + gateway.prefix + "_" + transport;
        String user = "sb" + transport + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + schema + "`");
        }
        String password = "pw-" + UUID.randomUUID();
        gateway.grant(user, password, "127.0.0.1", PRIVILEGES, schema + ".*");
        Path directory = Files.createTempDirectory(work, transport);
        String options = "mysql-host=127.0.0.1\nmysql-port=" + gateway.runtime.port() + "\nmysql-user=" + user
                + "\nmysql-password=" + password + "\nmysql-db=" + schema + "\n";
        if (transport.equals("tls")) {
            tlsFiles(directory);
            options += "mysql-ssl=on\n";
        }
        Path config = ToolRun.writePrivate(directory.resolve("sysbench.cfg"), options);

        ToolRun prepare = sysbench(directory, config, "prepare");
        assertThat(prepare.exitCode()).as(prepare.output()).isZero();
        assertThat(prepare.output()).contains("Creating a secondary index on 'sbtest2'");

        long executesBefore = backendStatus("Com_stmt_execute");
        ToolRun run = sysbench(directory, config, "--threads=4", "--time=5", "run");
        long executes = backendStatus("Com_stmt_execute") - executesBefore;
        assertThat(run.exitCode()).as(run.output()).isZero();
        SysbenchReport report = SysbenchReport.parse(run.output());
        System.out.printf(
                "SysbenchIT: oltp_read_write through the gateway (%s, 4 threads, 5 s): %.2f transactions/s,"
                        + " %.2f queries/s (%d transactions, %d queries, %d ignored errors, %d statements executed on the backend)%n",
                transport,
                report.transactionsPerSecond(),
                report.queriesPerSecond(),
                report.transactions(),
                report.queries(),
                report.ignoredErrors(),
                executes);
        assertThat(report.transactions()).isPositive();
        assertThat(report.reconnects()).isZero();
        // four threads on two tables of 1000 rows deadlock now and then, directly on the server too
        // (sysbench retries on 1213); any other error ends the run with a non-zero exit code
        assertThat(report.ignoredErrors()).as(run.output()).isLessThanOrEqualTo(report.transactions() / 20);
        // the statements ran as server-side prepared statements (allowing for a transaction cut off at the end)
        assertThat(executes).as("COM_STMT_EXECUTE on the backend").isGreaterThanOrEqualTo(report.queries() * 9 / 10);

        ToolRun cleanup = sysbench(directory, config, "cleanup");
        assertThat(cleanup.exitCode()).as(cleanup.output()).isZero();
        assertThat(tables(schema)).isZero();
        gateway.awaitNoBorrowedBackendConnection();
    }

    private static ToolRun sysbench(Path directory, Path config, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                sysbench.toString(), "--config-file=" + config, "oltp_read_write", "--tables=2", "--table-size=1000"));
        command.addAll(List.of(arguments));
        return ToolRun.of(command, directory, Duration.ofSeconds(120));
    }

    /** The fixed file names sysbench 1.0.20 gives libmariadb with --mysql-ssl=on. */
    private static void tlsFiles(Path directory) throws Exception {
        Files.copy(gateway.tlsCertificate(), directory.resolve("cacert.pem"));
        TlsFiles.Pem client = SelfSignedCertificate.generate(directory.resolve("client"));
        Files.move(client.certificate(), directory.resolve("client-cert.pem"));
        Files.move(client.key(), directory.resolve("client-key.pem"));
    }

    private static long backendStatus(String name) throws Exception {
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            assertThat(r.next()).as(name).isTrue();
            return r.getLong(2);
        }
    }

    private static int tables(String schema) throws Exception {
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
