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
    private static String nativeUser;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1), Duration.ofSeconds(2));
        user = "ok_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "%", null, null);
        nativeUser = "nat_" + gateway.prefix;
        gateway.grantNative(nativeUser, "pw-" + nativeUser, "%", null, null);
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

    /**
     * Found by the network fuzzer: COM_CHANGE_USER carries the character set in two bytes, the
     * backend login the change makes in one; an id above 255 reached the pool key's bounds check and
     * ended the session as an internal error (ERROR in the log, 1815 to the client).
     */
    @Test
    void aChangeUserToACharacterSetTheBackendLoginCannotCarryIsRefused() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gateway.runtime.port())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] greeting = readPacket(in);
            int pos = 1;
            while (greeting[pos] != 0) {
                pos++; // server version
            }
            pos += 1 + 4;
            byte[] scramble = new byte[20];
            System.arraycopy(greeting, pos, scramble, 0, 8);
            System.arraycopy(greeting, pos + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, scramble, 8, 12);
            int capabilities = 0x0001 | 0x0200 | 0x8000 | 0x0008_0000; // long password, 4.1, secure, plugin auth
            java.io.ByteArrayOutputStream login = new java.io.ByteArrayOutputStream();
            login.writeBytes(new byte[] {
                (byte) capabilities, (byte) (capabilities >>> 8), (byte) (capabilities >>> 16), 0, 0, 0, 0, 1, 45
            });
            login.writeBytes(new byte[23]);
            login.writeBytes((nativeUser + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] auth = nativeResponse("pw-" + nativeUser, scramble);
            login.write(auth.length);
            login.writeBytes(auth);
            login.writeBytes("mysql_native_password\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            writePacket(out, 1, login.toByteArray());
            assertThat(readPacket(in)[0]).as("logged in").isEqualTo((byte) 0);

            java.io.ByteArrayOutputStream change = new java.io.ByteArrayOutputStream();
            change.write(0x11);
            change.writeBytes((nativeUser + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            change.write(0); // no auth response: the gateway asks with a fresh scramble
            change.write(0); // no schema
            change.writeBytes(new byte[] {0x00, 0x21}); // character set 0x2100
            change.writeBytes("mysql_native_password\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            writePacket(out, 0, change.toByteArray());

            assertThat(errorCode(readPacket(in))).isEqualTo(1115);
            assertThat(in.read()).as("then closed").isEqualTo(-1);
        }
    }

    private static void writePacket(OutputStream out, int sequenceId, byte[] payload) throws IOException {
        out.write(new byte[] {
            (byte) payload.length, (byte) (payload.length >>> 8), (byte) (payload.length >>> 16), (byte) sequenceId
        });
        out.write(payload);
        out.flush();
    }

    /** SHA1(password) XOR SHA1(scramble || SHA1(SHA1(password))). */
    private static byte[] nativeResponse(String password, byte[] scramble) throws Exception {
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        byte[] stage1 = sha1.digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(scramble);
        byte[] mask = sha1.digest(stage2);
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }
}
