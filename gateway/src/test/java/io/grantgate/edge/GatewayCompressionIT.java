package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.Scramble;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.compress.CompressedHeader;
import io.grantgate.protocol.compress.Compressor;
import io.grantgate.protocol.compress.ZlibCompressor;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ConnectAttributes;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.HandshakeV10;
import io.grantgate.testing.FaultProxy;
import io.grantgate.testing.ServerLogin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compressed client sessions (CLIENT_COMPRESS, zstd) through the gateway, with real drivers against
 * the same driver direct to the backend (MariaDB 11.4 compresses with zlib too): the same results
 * for queries, a 1 MB result, server-side prepared statements and LOCAL INFILE, and far fewer
 * bytes on the wire, counted by a proxy between client and gateway. zstd, which no client on this
 * machine speaks, by a client of the test's own on the gateway's own protocol classes.
 */
class GatewayCompressionIT {

    /** 1000 rows of 1000 letters: a 1 MB result, which compresses well as real text does. */
    private static final String BIG_RESULT = "SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000) FROM seq_1_to_1000";

    /**
     * 1000 rows of 1024 hex digits, each row's eight SHA-512s its own: a 1 MB result that compresses
     * about as hex text does (to half, at best), where the letters compress a hundredfold.
     */
    private static final String BIG_HEX_RESULT = "SELECT seq, CONCAT(SHA2(seq * 8, 512), SHA2(seq * 8 + 1, 512),"
            + " SHA2(seq * 8 + 2, 512), SHA2(seq * 8 + 3, 512), SHA2(seq * 8 + 4, 512), SHA2(seq * 8 + 5, 512),"
            + " SHA2(seq * 8 + 6, 512), SHA2(seq * 8 + 7, 512)) FROM seq_1_to_1000";

    @TempDir
    static Path work;

    private static GatewayFixture gateway;
    private static FaultProxy wire;
    private static String shop;
    private static String user;
    private static String password;

    /** A driver with compression on, and what it needs for prepared statements and LOCAL INFILE. */
    enum Driver {
        CONNECTOR_J(
                "jdbc:mysql",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true&useCompression=true&useServerPrepStmts=true"
                        + "&allowLoadLocalInfile=true",
                true),
        /**
         * Its compressed LOCAL INFILE fails direct: MariaDB 11.4 answers the file with 1156 "Got packets
         * out of order" (the driver's compressed sequence ids for the file do not follow the server's
         * request); the gateway, which does not check a client's compressed ids, loads it.
         */
        MARIADB_CONNECTOR_J(
                "jdbc:mariadb",
                "allowPublicKeyRetrieval=true&useCompression=true&useServerPrepStmts=true&allowLocalInfile=true",
                false);

        final String scheme;
        final String options;
        final boolean loadsDirect;

        Driver(String scheme, String options, boolean loadsDirect) {
            this.scheme = scheme;
            this.options = options;
            this.loadsDirect = loadsDirect;
        }

        Connection connect(int port, String user, String password) throws SQLException {
            return DriverManager.getConnection(
                    scheme + "://127.0.0.1:" + port + "/" + shop + "?" + options, user, password);
        }
    }

    /** What a client saw of the workload. */
    record Outcome(String text, long bigRows, String bigDigest, String prepared, String loaded) {}

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofMillis(200));
        wire = new FaultProxy("127.0.0.1", gateway.runtime.port());
        shop = "zshop_" + gateway.prefix;
        user = "zip" + gateway.prefix;
        password = "pw-" + user;
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + shop + "`");
        }
        gateway.grantNative(user, password, "127.0.0.1", "SELECT,INSERT,DELETE", shop + ".*");
    }

    @AfterAll
    static void stop() throws IOException {
        if (wire != null) {
            wire.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aCompressedSessionSeesWhatADirectCompressedConnectionSees(Driver driver) throws Exception {
        Path file = work.resolve(driver + ".tsv");
        StringBuilder rows = new StringBuilder();
        for (int i = 1001; i <= 4000; i++) {
            rows.append(i).append('\t').append("loaded row ").append(i).append('\n');
        }
        Files.writeString(file, rows);
        String table = "items_" + driver.ordinal();
        try (Connection c = gateway.backend.connect(shop);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `" + table + "` (id INT PRIMARY KEY, note VARCHAR(1000))");
        }
        ServerLogin login = gateway.backend.login();
        Outcome direct;
        try (Connection c = DriverManager.getConnection(
                driver.scheme + "://" + login.host() + ":" + login.port() + "/" + shop + "?" + driver.options,
                login.user(),
                login.password())) {
            direct = workload(c, table, driver.loadsDirect ? file : null);
        }
        try (Connection c = gateway.backend.connect(shop);
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM `" + table + "`");
        }
        long before = wire.bytesToClients();
        Outcome through;
        try (Connection c = driver.connect(wire.port(), user, password)) {
            through = workload(c, table, driver.loadsDirect ? file : null);
        }
        long sent = wire.bytesToClients() - before;

        assertThat(through).isEqualTo(direct);
        assertThat(direct.bigRows()).isEqualTo(1000);
        if (driver.loadsDirect) {
            assertThat(direct.loaded()).startsWith("3000 rows");
        } else {
            // MariaDB refuses it with 1156 (packets out of order), or, depending on when the
            // driver's packets arrive, drops the connection first (the driver reports -1/08000)
            assertThat(loadDirect(driver, login, table, file))
                    .as("the driver's compressed LOCAL INFILE, direct")
                    .matches("error (1156 08S01|-1 08000)");
            try (Connection c = gateway.backend.connect(shop);
                    Statement s = c.createStatement()) {
                s.execute("DELETE FROM `" + table + "`");
            }
            try (Connection c = driver.connect(wire.port(), user, password)) {
                assertThat(workload(c, table, file).loaded())
                        .as("the same through the gateway")
                        .startsWith("3000 rows");
            }
        }
        assertThat(sent)
                .as("bytes to the client for a 1 MB result and the rest: compressed")
                .isLessThan(200_000);
        gateway.awaitNoBorrowedBackendConnection();
    }

    @Test
    void zstdAndZlibFromAClientOfOurOwn() throws Exception {
        for (CapabilityFlag algorithm :
                new CapabilityFlag[] {CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM, CapabilityFlag.CLIENT_COMPRESS
                }) {
            long before = wire.bytesToClients();
            try (RawClient client = RawClient.login(wire.port(), user, password, algorithm)) {
                assertThat(client.rows(BIG_RESULT)).isEqualTo(1000);
                assertThat(client.rows("SELECT 'still in step'")).isEqualTo(1);
            }
            assertThat(wire.bytesToClients() - before).as(algorithm.name()).isLessThan(100_000);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    @Test
    void aCorruptFrameGets1157AndTheSessionClosesWithoutLeakingItsBackend() throws Exception {
        try (RawClient client = RawClient.login(wire.port(), user, password, CapabilityFlag.CLIENT_COMPRESS)) {
            assertThat(client.rows("SELECT 1")).isEqualTo(1);
            // declares 100 bytes of zlib data; what follows is not zlib
            byte[] frame = new byte[CompressedHeader.SIZE + 10];
            CompressedHeader.encode(10, 0, 100, frame, 0);
            client.socket.getOutputStream().write(frame);
            PacketBuffer answer = new PacketBuffer(64);
            assertThat(client.streams.reader().read(answer)).isTrue();
            assertThat(answer.firstByte()).isEqualTo(0xFF);
            assertThat((answer.array()[1] & 0xFF) | (answer.array()[2] & 0xFF) << 8)
                    .isEqualTo(1157);
            client.socket.setSoTimeout(5000);
            assertThat(client.socket.getInputStream().read()).as("closed").isEqualTo(-1);
        }
        gateway.awaitNoBorrowedBackendConnection();
    }

    /**
     * Rough figures for bench/README.md, printed: per query of the 1 MB result through the gateway,
     * with and without zlib, the bytes to the client (counted by the proxy), the CPU of the gateway's
     * data path (its session and relay-loop threads: a compressed session relays on its own thread,
     * a plain one on a loop) and of the client's thread (Connector/J reading, and inflating). Run
     * alone with {@code -Dit.test='GatewayCompressionIT#measuresBytesAndCpuPerBigResult'
     * -Dcompress.queries=N}. Asserts only that compression shrinks the bytes.
     */
    @Test
    void measuresBytesAndCpuPerBigResult() throws Exception {
        int queries = Integer.getInteger("compress.queries", 20);
        for (String sql : new String[] {BIG_RESULT, BIG_HEX_RESULT}) {
            measure(sql, sql == BIG_RESULT ? "letters" : "hex", queries);
        }
    }

    private static void measure(String sql, String result, int queries) throws Exception {
        long[] bytesPerQuery = new long[2];
        for (int compressed = 0; compressed < 2; compressed++) {
            String options = "sslMode=DISABLED&allowPublicKeyRetrieval=true&useCompression=" + (compressed == 1);
            try (Connection c = DriverManager.getConnection(
                            "jdbc:mysql://127.0.0.1:" + wire.port() + "/" + shop + "?" + options, user, password);
                    Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    bigResult(s, sql); // warm-up, and past the commands before a plain session moves to a loop
                }
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long bytes = wire.bytesToClients();
                long gateway = gatewayThreadsCpu(threads);
                long client = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < queries; i++) {
                    bigResult(s, sql);
                }
                long clientCpu = threads.getCurrentThreadCpuTime() - client;
                long gatewayCpu = gatewayThreadsCpu(threads) - gateway;
                bytesPerQuery[compressed] = (wire.bytesToClients() - bytes) / queries;
                System.out.printf(
                        Locale.ROOT,
                        "COMPRESSION result=%s zlib=%s queries=%d bytes_to_client_per_query=%d"
                                + " gateway_cpu_ms_per_query=%.2f client_cpu_ms_per_query=%.2f%n",
                        result,
                        compressed == 1,
                        queries,
                        bytesPerQuery[compressed],
                        gatewayCpu / 1e6 / queries,
                        clientCpu / 1e6 / queries);
            }
        }
        assertThat(bytesPerQuery[1]).as(result).isLessThan(bytesPerQuery[0] * 3 / 4);
    }

    /** CPU time so far of the gateway's session and relay-loop threads. */
    private static long gatewayThreadsCpu(ThreadMXBean threads) {
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("session-")
                            || info.getThreadName().startsWith("relay-"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static void bigResult(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getString(2);
            }
        }
    }

    private static String loadDirect(Driver driver, ServerLogin login, String table, Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        driver.scheme + "://" + login.host() + ":" + login.port() + "/" + shop + "?" + driver.options,
                        login.user(),
                        login.password());
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE `" + table + "` (id, note)");
            return "loaded";
        } catch (SQLException e) {
            return "error " + e.getErrorCode() + " " + e.getSQLState();
        }
    }

    /** @param file loaded by LOCAL INFILE, unless null */
    private static Outcome workload(Connection c, String table, Path file) throws Exception {
        String text;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 + 1, 'naïve ☃', NULL")) {
            rs.next();
            text = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
        }
        MessageDigest big = MessageDigest.getInstance("SHA-256");
        long bigRows = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(BIG_RESULT)) {
            while (rs.next()) {
                big.update(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                big.update(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                bigRows++;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO `" + table + "` (id, note) VALUES (?, ?)")) {
            for (int i = 1; i <= 50; i++) {
                insert.setInt(1, i);
                insert.setString(2, "prepared ☃ " + "p".repeat(i * 10));
                insert.executeUpdate();
            }
        }
        StringBuilder prepared = new StringBuilder();
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, note FROM `" + table + "` WHERE id > ? ORDER BY id")) {
            select.setInt(1, 45);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    prepared.append(rs.getInt(1))
                            .append(':')
                            .append(rs.getString(2))
                            .append(';');
                }
            }
        }
        String loaded = "not loaded";
        if (file != null) {
            try (Statement s = c.createStatement()) {
                int count = s.executeUpdate(
                        "LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE `" + table + "` (id, note)");
                try (ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*), SUM(id), SUM(LENGTH(note)) FROM `" + table + "` WHERE id > 1000")) {
                    rs.next();
                    loaded = count + " rows " + rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3);
                }
            }
        }
        return new Outcome(text, bigRows, HexFormat.of().formatHex(big.digest()), prepared.toString(), loaded);
    }

    /**
     * A client made of the gateway's own protocol classes: mysql_native_password login asking for
     * one compression algorithm, then text queries over the compressed streams.
     */
    private static final class RawClient implements AutoCloseable {

        final Socket socket;
        final PacketStreams streams;
        private final Compressor compressor;

        private RawClient(Socket socket, PacketStreams streams, Compressor compressor) {
            this.socket = socket;
            this.streams = streams;
            this.compressor = compressor;
        }

        static RawClient login(int port, String user, String password, CapabilityFlag algorithm) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            PacketStreams streams = new PacketStreams(
                    socket.getInputStream(),
                    socket.getOutputStream(),
                    64 << 20,
                    new PacketStreams.BufferSizes(8192, 1024, 65536));
            PacketBuffer packet = new PacketBuffer(256);
            streams.reader().read(packet);
            HandshakeV10 greeting = HandshakeV10.decode(packet.reader());
            assertThat(greeting.capabilities().contains(algorithm))
                    .as("offered: " + algorithm)
                    .isTrue();
            boolean zstd = algorithm == CapabilityFlag.CLIENT_ZSTD_COMPRESSION_ALGORITHM;
            Capabilities capabilities = Capabilities.of(
                    CapabilityFlag.CLIENT_LONG_PASSWORD,
                    CapabilityFlag.CLIENT_PROTOCOL_41,
                    CapabilityFlag.CLIENT_SECURE_CONNECTION,
                    CapabilityFlag.CLIENT_PLUGIN_AUTH,
                    CapabilityFlag.CLIENT_TRANSACTIONS,
                    CapabilityFlag.CLIENT_CONNECT_WITH_DB,
                    algorithm);
            byte[] scramble = greeting.authPluginData().toArray();
            HandshakeResponse41 response = new HandshakeResponse41(
                    capabilities,
                    1 << 24,
                    45,
                    user,
                    Bytes.of(NativePasswordScramble.respond(
                            password, Scramble.of(java.util.Arrays.copyOf(scramble, Scramble.LENGTH)))),
                    Optional.of(shop),
                    Optional.of("mysql_native_password"),
                    ConnectAttributes.EMPTY,
                    zstd ? OptionalInt.of(5) : OptionalInt.empty());
            streams.writer().write(packet.lastSequenceId() + 1, response.encode());
            streams.writer().flush();
            streams.reader().read(packet);
            assertThat(packet.firstByte()).as("OK to the login").isZero();
            Compressor compressor = zstd ? new ZstdCompressor(5) : new ZlibCompressor();
            streams.compress(compressor);
            return new RawClient(socket, streams, compressor);
        }

        /** Runs a text query (protocol 4.1 with EOF packets) and counts its rows. */
        long rows(String sql) throws IOException {
            byte[] query = ("\u0003" + sql).getBytes(StandardCharsets.UTF_8);
            streams.writer().write(0, query);
            streams.writer().flush();
            PacketBuffer packet = new PacketBuffer(256);
            streams.reader().read(packet);
            assertThat(packet.firstByte()).as("a result set").isNotIn(0x00, 0xFF);
            int eofs = 0;
            long rows = 0;
            while (eofs < 2) {
                streams.reader().read(packet);
                if (packet.firstByte() == 0xFE && packet.length() < 9) {
                    eofs++;
                } else if (eofs == 1) {
                    rows++;
                }
            }
            return rows;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            compressor.close();
        }
    }
}
