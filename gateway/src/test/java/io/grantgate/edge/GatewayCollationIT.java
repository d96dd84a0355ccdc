package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.Secret;
import io.grantgate.backend.BackendConnectOptions;
import io.grantgate.backend.BackendConnection;
import io.grantgate.backend.BackendCredentials;
import io.grantgate.backend.BackendEndpoint;
import io.grantgate.backend.TextRows;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.testing.ServerLogin;
import java.io.DataInputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's greeting announces the backend's default collation, learned from the backend's own
 * greeting at start-up, so that drivers choosing their connection's collation from it choose what
 * they choose talking to the backend directly (the test server's is utf8mb4_unicode_ci, 224; the
 * gateway used to announce utf8mb4_general_ci, 45). Connector/J and MariaDB Connector/J pick a
 * collation of their own whatever the greeting says; a client that takes the greeting's (as
 * libmysqlclient-based clients with no character set configured do) is played by a raw client.
 */
class GatewayCollationIT {

    private static final String SESSION_CHARSET = "SELECT @@character_set_client, @@character_set_connection,"
            + " @@character_set_results, @@collation_connection";

    private static GatewayFixture gateway;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        user = "coll_" + gateway.prefix;
        gateway.grantNative(user, "pw-" + user, "127.0.0.1", null, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HandshakeV10 greeting(String host, int port) throws Exception {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[PacketHeader.SIZE];
            in.readFully(header);
            byte[] payload = new byte[PacketHeader.lengthAt(header, 0)];
            in.readFully(payload);
            return HandshakeV10.decode(new PayloadReader(payload, 0, payload.length));
        }
    }

    private static List<String> sessionCharset(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(SESSION_CHARSET)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    @Test
    void theGreetingAnnouncesTheBackendsDefaultCollation() throws Exception {
        ServerLogin backend = gateway.backend.login();
        int direct = greeting(backend.host(), backend.port()).characterSet();
        int through = greeting("127.0.0.1", gateway.runtime.port()).characterSet();
        System.out.printf(
                "GatewayCollationIT: greeting collation id direct %d, through the gateway %d%n", direct, through);
        assertThat(through).isEqualTo(direct);
    }

    /** Logs in with the collation the greeting announced, as a client with none configured does. */
    private static List<String> sessionCharsetFollowingTheGreeting(String host, int port, String user, String password)
            throws Exception {
        int announced = greeting(host, port).characterSet();
        try (BackendConnection client = BackendConnection.open(
                BackendEndpoint.plain(host, port),
                new BackendCredentials(user, new Secret(password)),
                BackendConnectOptions.defaults().withCharacterSet(announced))) {
            return TextRows.rows(client, SESSION_CHARSET).getFirst();
        }
    }

    @Test
    void aClientThatTakesTheGreetingsCollationGetsTheSameSessionAsDirect() throws Exception {
        ServerLogin backend = gateway.backend.login();
        List<String> direct =
                sessionCharsetFollowingTheGreeting(backend.host(), backend.port(), backend.user(), backend.password());
        List<String> through =
                sessionCharsetFollowingTheGreeting("127.0.0.1", gateway.runtime.port(), user, "pw-" + user);
        System.out.printf(
                "GatewayCollationIT: a client following the greeting direct %s, through the gateway %s%n",
                direct, through);
        assertThat(through).isEqualTo(direct);
    }

    @Test
    void connectorJChoosesTheSameCharacterSetAndCollationAsDirect() throws Exception {
        ServerLogin backend = gateway.backend.login();
        List<String> direct = sessionCharset(
                "jdbc:mysql://" + backend.host() + ":" + backend.port() + "/?sslMode=DISABLED",
                backend.user(),
                backend.password());
        List<String> through = sessionCharset(gateway.url("", ""), user, "pw-" + user);
        System.out.printf("GatewayCollationIT: Connector/J direct %s, through the gateway %s%n", direct, through);
        assertThat(through).isEqualTo(direct);
    }

    @Test
    void mariadbConnectorJChoosesTheSameCharacterSetAndCollationAsDirect() throws Exception {
        ServerLogin backend = gateway.backend.login();
        List<String> direct = sessionCharset(
                "jdbc:mariadb://" + backend.host() + ":" + backend.port() + "/", backend.user(), backend.password());
        List<String> through =
                sessionCharset("jdbc:mariadb://127.0.0.1:" + gateway.runtime.port() + "/", user, "pw-" + user);
        System.out.printf(
                "GatewayCollationIT: MariaDB Connector/J direct %s, through the gateway %s%n", direct, through);
        assertThat(through).isEqualTo(direct);
    }
}
