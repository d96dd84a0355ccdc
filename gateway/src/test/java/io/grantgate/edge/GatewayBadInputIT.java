package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile or broken clients get an error or a clean close; the gateway keeps serving and leaks nothing. */
class GatewayBadInputIT {

    private static GatewayFixture gateway;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(2));
        user = "ok_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "%", null, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void stillServingAndNothingLeaked() throws Exception {
        try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        // a session gives back its slot, then its backend connection is reset and it leaves the registry
        while ((gateway.runtime.connections() > 0
                        || gateway.runtime.sessions() > 0
                        || gateway.runtime.backendPool().active() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gateway.runtime.connections())
                .as("connection slots back to zero")
                .isZero();
        assertThat(gateway.runtime.sessions()).isZero();
        assertThat(gateway.runtime.backendPool().active())
                .as("no backend connection leaked")
                .isZero();
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.runtime.port());
        socket.setSoTimeout(10_000);
        readPacket(socket.getInputStream()); // the greeting
        return socket;
    }

    private static byte[] readPacket(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        data.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        data.readFully(payload);
        return payload;
    }

    private static int errorCode(byte[] payload) {
        assertThat(payload[0] & 0xFF).as("an ERR packet").isEqualTo(0xFF);
        return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
    }

    @Test
    void garbageInsteadOfAHandshakeResponseIsABadHandshake() throws Exception {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(HexFormat.of().parseHex("0a000001" + "deadbeefcafebabe0102"));
            out.flush();
            assertThat(errorCode(readPacket(s.getInputStream()))).isEqualTo(1043);
            assertThat(s.getInputStream().read()).as("then closed").isEqualTo(-1);
        }
    }

    @Test
    void aTruncatedPacketGetsAnErrorOrACleanClose() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(HexFormat.of().parseHex("20000001" + "0102"));
            s.getOutputStream().flush();
            s.shutdownOutput();
            assertErrorOrClose(s, 1158);
        }
    }

    @Test
    void aSixteenMebibyteHeaderWithThreeBytesBehindItGetsAnErrorOrACleanClose() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(HexFormat.of().parseHex("ffffff01" + "010203"));
            s.getOutputStream().flush();
            s.shutdownOutput();
            assertErrorOrClose(s, 1158);
        }
    }

    /** Either nothing more, or one ERR packet with {@code code}, then the end of the stream. */
    private static void assertErrorOrClose(Socket s, int code) throws IOException {
        InputStream in = s.getInputStream();
        byte[] rest = in.readAllBytes();
        if (rest.length > 0) {
            byte[] payload = java.util.Arrays.copyOfRange(rest, 4, rest.length);
            assertThat(errorCode(payload)).isEqualTo(code);
        }
    }

    @Test
    void anOutOfOrderSequenceIdIsRefused() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(HexFormat.of().parseHex("05000007" + "0102030405"));
            s.getOutputStream().flush();
            assertThat(errorCode(readPacket(s.getInputStream()))).isEqualTo(1156);
        }
    }

    @Test
    void aClientThatSaysNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (Socket s = open()) {
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(8));
        }
    }

    @Test
    void aClientThatVanishesMidResultLeavesTheGatewayServing() throws Exception {
        Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
        Statement s = c.createStatement();
        s.setFetchSize(Integer.MIN_VALUE);
        ResultSet rs = s.executeQuery("SELECT REPEAT('y', 2000) FROM information_schema.collations a,"
                + " information_schema.collations b, information_schema.collations c LIMIT 200000");
        rs.next();
        // drop the socket without reading the rest
        c.abort(Runnable::run);
    }

    @Test
    void twoHundredConnectionsAtOnce() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                results.add(clients.submit(() -> {
                    try (Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
                            Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }));
            }
        }
        for (Future<Integer> result : results) {
            assertThat(result.get()).isEqualTo(1);
        }
    }
}
