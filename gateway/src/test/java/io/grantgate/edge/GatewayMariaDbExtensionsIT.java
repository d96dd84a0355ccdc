package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ComQuery;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.testing.ServerLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's protocol extensions through the gateway, each compared with a direct connection to the
 * backend: COM_STMT_BULK_EXECUTE (MariaDB Connector/J's batched inserts) and its audit record,
 * extended metadata (the data type names json, uuid, inet6 in column definitions), and progress
 * reports during a long ALTER TABLE. Plain TCP sessions move to a relay loop after their first
 * command; {@link GatewayThreadMariaDbExtensionsIT} runs the same on the sessions' threads,
 * {@link GatewayMultiplexedMariaDbExtensionsIT} with the sessions multiplexed.
 */
class GatewayMariaDbExtensionsIT {

    private static final int BATCH_ROWS = 10_000;

    static GatewayFixture gateway;
    private static String user;
    private static String password;
    private static String shop;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    static void startWith(Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put("audit.default-level", "statements");
        gateway = new GatewayFixture(Duration.ofMillis(200), Duration.ofSeconds(30), all);
        user = "ext_" + gateway.prefix;
        password = "pw-" + user;
        shop = "extshop_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
        }
        gateway.grant(user, password, "127.0.0.1", "ALL", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Connection viaGateway(String options) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + gateway.runtime.port() + "/" + shop + "?allowPublicKeyRetrieval=true"
                        + options,
                user,
                password);
    }

    private static Connection direct(String options) throws SQLException {
        ServerLogin login = gateway.backend.login();
        return DriverManager.getConnection(
                "jdbc:mariadb://" + login.host() + ":" + login.port() + "/" + shop + "?sslMode=disable" + options,
                login.user(),
                login.password());
    }

    @Test
    void aBatchOfTenThousandRowsGoesAsBulkCommandsAuditedWithTheirRowCounts() throws Exception {
        try (Connection c = direct("");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bulk_direct (id INT PRIMARY KEY, name VARCHAR(40), note VARCHAR(10) DEFAULT 'd')");
            s.execute("CREATE TABLE bulk_gateway LIKE bulk_direct");
        }
        long started = System.nanoTime();
        int[] directCounts = batch(direct(""), "bulk_direct");
        long directNanos = System.nanoTime() - started;
        long id;
        int[] gatewayCounts;
        try (Connection c = viaGateway("")) {
            id = c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
            started = System.nanoTime();
            gatewayCounts = batch(c, "bulk_gateway");
        }
        // a figure for the record, not a check: timings belong to bench/
        System.out.printf(
                "%d-row batch insert: direct %d ms, through the gateway %d ms%n",
                BATCH_ROWS, directNanos / 1_000_000, (System.nanoTime() - started) / 1_000_000);

        assertThat(gatewayCounts).isEqualTo(directCounts);
        try (Connection c = direct("");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT (SELECT COUNT(*) FROM bulk_gateway),"
                        + " (SELECT COUNT(*) FROM bulk_gateway g JOIN bulk_direct d"
                        + " ON g.id = d.id AND g.name = d.name AND g.note <=> d.note)")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(BATCH_ROWS);
            assertThat(rows.getInt(2)).as("the same rows as direct").isEqualTo(BATCH_ROWS);
        }

        AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", id), 1);
        List<JsonNode> bulks = AuditLines.read(AuditLines.file(gateway)).stream()
                .filter(AuditLines.of("statement", id))
                .filter(r -> r.path("command").asText().equals("bulk_execute"))
                .toList();
        // MariaDB Connector/J starts a new bulk command where a parameter's type changes: row 0's NULL
        assertThat(bulks).as("bulk commands for the batch, not a command a row").hasSizeBetween(1, 3);
        assertThat(bulks.stream().mapToLong(b -> b.path("bulk_rows").asLong()).sum())
                .isEqualTo(BATCH_ROWS);
        for (JsonNode bulk : bulks) {
            assertThat(bulk.path("statement_id").asLong()).isPositive();
            assertThat(bulk.path("outcome").path("status").asText()).isEqualTo("ok");
            assertThat(bulk.path("outcome").path("affected_rows").asLong())
                    .isEqualTo(bulk.path("bulk_rows").asLong());
            // the rows kept make a record of about audit.max-statement-bytes (64 KiB), not 10 000 rows
            assertThat(bulk.path("parameter_rows").size()).isBetween(1, 1000);
            assertThat(bulk.toString().length()).isLessThan(2 * 64 * 1024);
        }
        JsonNode first = bulks.getFirst().path("parameter_rows").get(0);
        assertThat(first.get(0).path("value").asLong()).isZero();
        assertThat(first.get(1).path("value").asText()).isEqualTo("name 0");
        assertThat(first.get(2).path("value").isNull())
                .as("row 0's note is NULL: %s", first)
                .isTrue();
    }

    /** Inserts {@link #BATCH_ROWS} rows as one JDBC batch; every tenth row's note is NULL. */
    private static int[] batch(Connection connection, String table) throws SQLException {
        try (Connection c = connection;
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            for (int i = 0; i < BATCH_ROWS; i++) {
                insert.setInt(1, i);
                insert.setString(2, "name " + i);
                if (i % 10 == 0) {
                    insert.setNull(3, java.sql.Types.VARCHAR);
                } else {
                    insert.setString(3, "n" + i);
                }
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    @Test
    void columnDefinitionsCarryTheExtendedTypeNamesAsDirect() throws Exception {
        try (Connection c = direct("");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed (j JSON, u UUID, a INET6, p POINT)");
            s.execute("INSERT INTO typed VALUES ('{\"a\":1}', '123e4567-e89b-12d3-a456-426655440000', '::1',"
                    + " POINT(1, 2))");
        }
        List<String> direct = typeNames(direct(""));
        List<String> throughGateway = typeNames(viaGateway(""));
        List<String> prepared = typeNames(viaGateway("&useServerPrepStmts=true"));

        // extended metadata is what makes MariaDB Connector/J name these types (LONGTEXT and CHAR without)
        assertThat(direct).contains("JSON", "uuid");
        assertThat(throughGateway).isEqualTo(direct);
        assertThat(prepared).isEqualTo(direct);
    }

    private static List<String> typeNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connection;
                PreparedStatement select = c.prepareStatement("SELECT j, u, a, p FROM typed");
                ResultSet rows = select.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnTypeName(i));
            }
            assertThat(rows.next()).isTrue();
            names.add(rows.getString(2));
        }
        return names;
    }

    @Test
    void progressReportsOfALongAlterReachTheClientAndItsResponseEnds() throws Exception {
        try (Connection c = direct("");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE progress (id INT PRIMARY KEY, pad CHAR(200) NOT NULL DEFAULT '')");
            s.execute("INSERT INTO progress (id) SELECT seq FROM seq_1_to_400000");
        }
        ServerLogin login = gateway.backend.login();
        int direct = progressReports(
                BackendEndpoint.plain(login.host(), login.port()),
                new BackendCredentials(login.user(), new Secret(login.password())));
        int throughGateway = progressReports(
                BackendEndpoint.plain("127.0.0.1", gateway.runtime.port()),
                new BackendCredentials(user, new Secret(password)));

        assertThat(direct).as("the backend reports progress directly").isPositive();
        assertThat(throughGateway).isPositive();
    }

    /**
     * Logs in asking for MARIADB_CLIENT_PROGRESS, runs a copying ALTER TABLE with a report every
     * second, and reads its response packet by packet: the progress reports, then the OK.
     */
    private static int progressReports(BackendEndpoint endpoint, BackendCredentials credentials) throws Exception {
        BackendConnectOptions options = BackendConnectOptions.defaults()
                .withRequested(Capabilities.of(CapabilityFlag.MARIADB_CLIENT_PROGRESS))
                .withSchema(shop);
        try (BackendConnection c = BackendConnection.open(endpoint, credentials, options)) {
            assertThat(c.capabilities().contains(CapabilityFlag.MARIADB_CLIENT_PROGRESS))
                    .as("PROGRESS offered and agreed")
                    .isTrue();
            c.query("SET SESSION progress_report_time = 1");
            // after query(), which times its own commands out after a few seconds
            c.readTimeout(Duration.ofSeconds(120));
            c.writer()
                    .write(
                            0,
                            ComQuery.of("ALTER TABLE progress FORCE, ALGORITHM = COPY", c.capabilities())
                                    .encode());
            c.writer().flush();
            int reports = 0;
            PacketBuffer packet = new PacketBuffer();
            while (true) {
                assertThat(c.reader().read(packet)).isTrue();
                byte[] payload = packet.array();
                if ((payload[0] & 0xFF) == ErrPacket.HEADER
                        && ((payload[1] & 0xFF) | (payload[2] & 0xFF) << 8) == ErrPacket.PROGRESS_REPORT_CODE) {
                    reports++;
                    continue;
                }
                assertThat(payload[0])
                        .as("the ALTER's OK after %d reports", reports)
                        .isZero();
                break;
            }
            assertThat(c.query("DO 1")).as("the connection is still in step").isNotNull();
            return reports;
        }
    }
}
