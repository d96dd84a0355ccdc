package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.ops.GatewayRuntime;
import io.grantgate.ops.config.GatewayConfig;
import io.grantgate.ops.config.Settings;
import io.grantgate.testing.ClientTools;
import io.grantgate.testing.ClientTools.Tool;
import io.grantgate.testing.FirstValue;
import io.grantgate.testing.HaProxy;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one catalog behind a real HAProxy in TCP mode that sends each a PROXY
 * protocol header (version 2, and version 1 in front of the first): the seed workflow through the
 * balancer, judged by the client's real address, and the trust rules for connections that come
 * straight to a gateway. HAProxy connects from 127.0.0.10, the only address in
 * {@code proxy-protocol.trusted}; clients bind 127.0.0.1, .2 and .3.
 */
@ClientTools.Requires(Tool.HAPROXY)
class GatewayProxyProtocolIT {

    private static final String BALANCER = "127.0.0.10";
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    /** What HAProxy 2.6's health check sends a server with send-proxy-v2 (captured): LOCAL, UNSPEC, no addresses. */
    private static final byte[] V2_LOCAL = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "20000000");

    private static GatewayFixture first;
    private static GatewayRuntime second;
    private static Path secondData;
    private static HaProxy balancerV2;
    private static HaProxy balancerV1;

    @BeforeAll
    static void start() throws Exception {
        Path haproxy = ClientTools.require(Tool.HAPROXY);
        first = new GatewayFixture(Duration.ofMillis(250), HANDSHAKE_TIMEOUT, settings("gw-1"));
        secondData = Files.createTempDirectory("gateway-data");
        second = startBeside(first, secondData, settings("gw-2"));
        List<HaProxy.Server> both = List.of(
                new HaProxy.Server("127.0.0.1", first.runtime.port()), new HaProxy.Server("127.0.0.1", second.port()));
        balancerV2 = HaProxy.start(haproxy, HaProxy.Header.V2, Optional.of(BALANCER), both);
        balancerV1 = HaProxy.start(haproxy, HaProxy.Header.V1, Optional.of(BALANCER), both.subList(0, 1));
    }

    @AfterAll
    static void stop() {
        if (balancerV1 != null) {
            balancerV1.close();
        }
        if (balancerV2 != null) {
            balancerV2.close();
        }
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (secondData != null) {
            TestBackend.deleteRecursively(secondData);
        }
    }

    private static Map<String, String> settings(String instance) {
        return Map.of("proxy-protocol.trusted", BALANCER, "instance-id", instance);
    }

    /**
     * A second gateway instance on the first's catalog, backend and master key, with the fixture's
     * settings: as a second gateway behind a load balancer runs.
     */
    private static GatewayRuntime startBeside(GatewayFixture fixture, Path data, Map<String, String> extra)
            throws Exception {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "listen", "127.0.0.1:0",
                "ops.listen", "127.0.0.1:0",
                "catalog.poll-interval", "250ms",
                "limits.handshake-timeout", HANDSHAKE_TIMEOUT.toMillis() + "ms",
                "auth.failed-login-attempts", "0",
                "auth.max-connect-errors", "0",
                "sessions.relay-after-commands", "0"));
        values.putAll(extra);
        GatewayConfig config = GatewayConfig.from(new Settings(values, Map.of()), data, "127.0.0.1:0");
        ServerLogin login = fixture.backend.login();
        return GatewayRuntime.start(
                config,
                fixture.catalog,
                config.backendTls().endpoint(login.host(), login.port()),
                new BackendCredentials(login.user(), new Secret(login.password())),
                fixture.masterKey);
    }

    /** As 'admin grant USER --host HOSTS'; both gateways have the new catalog (the fixture refreshes only its own). */
    private static void grant(String user, String hosts) throws Exception {
        first.grant(user, "pw-" + user, hosts, null, null);
        second.catalog().refresh();
    }

    /** Another host pattern for an existing account, its password kept. */
    private static void grantHost(String user, String hosts) throws Exception {
        first.grant(user, null, hosts, null, null);
        second.catalog().refresh();
    }

    private static Connection through(HaProxy balancer, String user, String source) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + balancer.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                        + "&connectTimeout=10000&localSocketAddress=" + source,
                user,
                "pw-" + user);
    }

    private static long one(Connection c) throws SQLException {
        return FirstValue.asLong(c, "SELECT 1");
    }

    private static Path auditOfSecond() {
        return secondData.resolve("audit").resolve("audit.jsonl");
    }

    private static Predicate<JsonNode> login(String user, String outcome, String client) {
        return r -> r.path("type").asText().equals("login")
                && r.path("user").asText().equals(user)
                && r.path("outcome").asText().equals(outcome)
                && r.path("client_address").asText().equals(client);
    }

    /** The records of both gateways' trails that {@code wanted} picks, once there are {@code count} in all. */
    private static List<JsonNode> audited(Predicate<JsonNode> wanted, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found;
        do {
            found = new ArrayList<>(AuditLines.read(AuditLines.file(first)).stream()
                    .filter(wanted)
                    .toList());
            found.addAll(
                    AuditLines.read(auditOfSecond()).stream().filter(wanted).toList());
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    @Test
    void theSeedWorkflowThroughTheBalancerGoesByTheClientsRealAddress() throws Exception {
        String xuys = "xuys_" + first.prefix;
        grant(xuys, "127.0.0.1");
        // round robin: two connections reach both instances
        for (int i = 0; i < 2; i++) {
            try (Connection c = through(balancerV2, xuys, "127.0.0.1")) {
                assertThat(one(c)).isEqualTo(1);
            }
        }
        assertThatThrownBy(() -> through(balancerV2, xuys, "127.0.0.2").close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getMessage()).contains("'" + xuys + "'@'127.0.0.2'");
                });
        JsonNode denied = audited(login(xuys, "denied", "127.0.0.2"), 1).getFirst();
        assertThat(denied.path("reason").asText()).isEqualTo("host_not_allowed");
        assertThat(denied.path("via").asText()).isEqualTo(BALANCER);
        assertThat(denied.path("client_port").asInt()).isPositive();

        grantHost(xuys, "%");
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection c = through(balancerV2, xuys, "127.0.0.2");
                sessions.add(c);
                assertThat(one(c)).isEqualTo(1);
            }
            List<JsonNode> logins = audited(login(xuys, "ok", "127.0.0.2"), 4);
            assertThat(logins)
                    .as("sessions from 127.0.0.2 on both instances")
                    .extracting(r -> r.path("instance").asText())
                    .contains("gw-1", "gw-2");
            assertThat(logins).allSatisfy(r -> {
                assertThat(r.path("via").asText()).isEqualTo(BALANCER);
                assertThat(r.path("host_pattern").asText()).isEqualTo("%");
            });

            long revokedAt = System.nanoTime();
            first.revokeHost(xuys, "%");
            long deadline = revokedAt + Duration.ofSeconds(2).toNanos();
            List<Connection> open = new ArrayList<>(sessions);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                open.removeIf(c -> {
                    try {
                        one(c);
                        return false;
                    } catch (SQLException e) {
                        return true;
                    }
                });
                Thread.sleep(25);
            }
            assertThat(open)
                    .as("every session through '%', on both instances, closed within 2 s")
                    .isEmpty();
            System.out.printf(
                    "GatewayProxyProtocolIT: 4 sessions on 2 instances behind HAProxy closed %d ms after the revocation%n",
                    (System.nanoTime() - revokedAt) / 1_000_000);
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
        try (Connection c = through(balancerV2, xuys, "127.0.0.1")) {
            assertThat(one(c)).as("127.0.0.1 is still allowed").isEqualTo(1);
        }
    }

    @Test
    void adminSessionsListsTheSessionsOfBothInstancesAndKillsOneOnEither() throws Exception {
        String carol = "carol_" + first.prefix;
        grant(carol, "%");
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection c = through(balancerV2, carol, "127.0.0.3");
                sessions.add(c);
                assertThat(one(c)).isEqualTo(1);
            }
            JsonNode listed = adminUntil(
                            run -> run.exitCode() == 0 && run.json().size() == 4,
                            "sessions",
                            "--user",
                            carol,
                            "-o",
                            "json")
                    .json();
            List<String> instances = new ArrayList<>();
            listed.forEach(session -> {
                instances.add(session.get("instanceId").asText());
                assertThat(session.get("clientAddress").asText())
                        .as("the client's address from the PROXY header, not the balancer's")
                        .isEqualTo("127.0.0.3");
            });
            assertThat(instances).as("round robin over both instances").contains("gw-1", "gw-2");

            JsonNode onSecond = null;
            for (JsonNode session : listed) {
                if (session.get("instanceId").asText().equals("gw-2")) {
                    onSecond = session;
                }
            }
            long id = onSecond.get("connectionId").asLong();
            AdminRun kill = admin("sessions", "kill", Long.toString(id), "--instance", "gw-2");
            assertThat(kill.exitCode()).as(kill.out() + kill.err()).isZero();

            List<Connection> ended = new ArrayList<>();
            for (Connection c : sessions) {
                try {
                    one(c);
                } catch (SQLException e) {
                    ended.add(c);
                }
            }
            assertThat(ended)
                    .as("the one session killed, the other three going on")
                    .hasSize(1);
            adminUntil(run -> run.exitCode() == 0 && run.json().size() == 3, "sessions", "--user", carol, "-o", "json");
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    /** The admin command, in-process, on the gateways' catalog. */
    private static AdminRun admin(String... args) {
        return AdminRun.of(first.adminEnvironment(), args);
    }

    /** Runs the admin command until its output satisfies {@code done}, for up to 10 s (a heartbeat or two). */
    private static AdminRun adminUntil(Predicate<AdminRun> done, String... args) throws InterruptedException {
        return AdminRun.until(first.adminEnvironment(), Duration.ofSeconds(10), done, args);
    }

    @Test
    void aVersion1HeaderNamesTheClientToo() throws Exception {
        String user = "vone_" + first.prefix;
        grant(user, "127.0.0.3");
        try (Connection c = through(balancerV1, user, "127.0.0.3")) {
            assertThat(one(c)).isEqualTo(1);
        }
        // the balancer's own address (127.0.0.10) would not match either
        assertThatThrownBy(() -> through(balancerV1, user, "127.0.0.1").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        JsonNode accepted = audited(login(user, "ok", "127.0.0.3"), 1).getFirst();
        assertThat(accepted.path("instance").asText()).isEqualTo("gw-1");
        assertThat(accepted.path("via").asText()).isEqualTo(BALANCER);
        assertThat(catalogLoginDetail(user))
                .as("the catalog's copy of the login")
                .contains("\"via\":\"" + BALANCER + "\"");
    }

    /** The catalog's audit_event row of the account's accepted login: address and the detail JSON. */
    private static String catalogLoginDetail(String user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            try (Connection c = first.catalog.getConnection();
                    java.sql.PreparedStatement select = c.prepareStatement("SELECT client_address, detail FROM"
                            + " audit_event WHERE event_type = 'login' AND outcome = 'ok' AND user_name = ?")) {
                select.setString(1, user);
                try (java.sql.ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return row.getString(1) + " " + row.getString(2);
                    }
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return "";
    }

    @Test
    void aHeaderFromAnUntrustedAddressGets1130AfterTheGreeting() throws Exception {
        for (byte[] header : new byte[][] {
            "PROXY TCP4 10.1.2.3 127.0.0.1 5000 3307\r\n".getBytes(StandardCharsets.US_ASCII),
            HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2111000c" + "0a010203" + "7f000001" + "1388" + "0ceb")
        }) {
            try (Socket socket = connect("127.0.0.3", first.runtime.port())) {
                byte[] greeting = packet(socket.getInputStream());
                assertThat(greeting[0]).as("HandshakeV10").isEqualTo((byte) 10);
                socket.getOutputStream().write(header);
                byte[] err = packet(socket.getInputStream());
                assertThat(err[0]).as("an ERR").isEqualTo((byte) 0xFF);
                assertThat(((err[2] & 0xFF) << 8) | (err[1] & 0xFF)).isEqualTo(1130);
                assertThat(new String(err, 3, err.length - 3, StandardCharsets.UTF_8))
                        .isEqualTo("#HY000Proxy header is not accepted from 127.0.0.3");
                assertThat(socket.getInputStream().read()).as("then the close").isEqualTo(-1);
            }
        }
        assertThat(OpsMetrics.value(first.runtime, "grantgate_proxy_headers_refused_total{reason=\"untrusted\"}"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTrustedAddressWithoutAHeaderIsClosedWithoutAGreeting() throws Exception {
        // something that is not a header: closed as soon as it shows
        try (Socket socket = connect(BALANCER, first.runtime.port())) {
            long start = System.nanoTime();
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().readAllBytes()).as("no greeting").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT);
        }
        // nothing at all, as a MySQL client waiting for the greeting: closed at the handshake timeout
        try (Socket socket = connect(BALANCER, first.runtime.port())) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().readAllBytes()).as("no greeting").isEmpty();
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isBetween(HANDSHAKE_TIMEOUT.minusMillis(500), HANDSHAKE_TIMEOUT.plusSeconds(2));
        }
        // a driver from the balancer's host, straight to the gateway: no greeting comes, the driver gives up
        assertThatThrownBy(() -> DriverManager.getConnection(
                                first.url("", "localSocketAddress=" + BALANCER), "nobody", "x")
                        .close())
                .isInstanceOf(SQLException.class);
        assertThat(OpsMetrics.value(first.runtime, "grantgate_proxy_headers_refused_total{reason=\"malformed\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(OpsMetrics.value(first.runtime, "grantgate_proxy_headers_refused_total{reason=\"timeout\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(audited(
                        r -> r.path("reason").asText().equals("proxy_header")
                                && r.path("client_address").asText().equals(BALANCER),
                        2))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aLocalHeaderFromTheBalancerKeepsItsOwnAddress() throws Exception {
        try (Socket socket = connect(BALANCER, first.runtime.port())) {
            socket.getOutputStream().write(V2_LOCAL);
            byte[] greeting = packet(socket.getInputStream());
            assertThat(greeting[0]).as("HandshakeV10, as for a health check").isEqualTo((byte) 10);
        }
        assertThat(OpsMetrics.value(first.runtime, "grantgate_proxy_headers_accepted_total{version=\"2\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    private static Socket connect(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One MySQL packet's payload. */
    private static byte[] packet(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new SocketTimeoutException("the connection closed after " + header.length + " bytes");
        }
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        return in.readNBytes(length);
    }
}
