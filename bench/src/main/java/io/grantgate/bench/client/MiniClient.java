package io.grantgate.bench.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MySQL protocol client for load generation: connect and log in (mysql_native_password, or
 * caching_sha2_password fast auth and RSA full auth), run a text query, ping, quit. Nothing else.
 *
 * <p>It is written from the protocol pages on purpose, sharing no code with the gateway's own codecs,
 * so that the client of a benchmark cannot share a bug with the server it measures. It costs far less
 * per connection than Connector/J (no server-variable queries, no metadata objects), which matters for
 * connection churn, where a heavy client would hide the servers' cost.
 *
 * <p>Capabilities: PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH, LONG_PASSWORD, TRANSACTIONS, and
 * CONNECT_WITH_DB when a database is given, and SESSION_TRACK when asked for (a gateway multiplexes
 * only such sessions; the session-state part of OK packets is never read here). Without
 * CLIENT_DEPRECATE_EOF, so a result set always ends with an EOF packet. TLS when given a {@link
 * ClientTls}: SSLRequest after the greeting, the handshake, then the handshake response inside TLS (and
 * caching_sha2_password's full authentication sends the password in the clear inside it, as over TLS
 * the server expects). No compression. Not thread-safe.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection Phase</a>
 */
public final class MiniClient implements Closeable {

    static final int CLIENT_LONG_PASSWORD = 1;
    static final int CLIENT_CONNECT_WITH_DB = 1 << 3;
    static final int CLIENT_PROTOCOL_41 = 1 << 9;
    static final int CLIENT_SSL = 1 << 11;
    static final int CLIENT_TRANSACTIONS = 1 << 13;
    static final int CLIENT_SECURE_CONNECTION = 1 << 15;
    static final int CLIENT_PLUGIN_AUTH = 1 << 19;
    static final int CLIENT_SESSION_TRACK = 1 << 23;

    private static final int COM_QUIT = 0x01;
    private static final int COM_QUERY = 0x03;
    private static final int COM_PING = 0x0e;
    private static final int UTF8MB4_GENERAL_CI = 45;

    private final int bufferSize;
    // replaced by the TLS socket and its streams when the login upgrades to TLS
    private Socket socket;
    private Packets packets;
    private OutputStream out;
    private long serverConnectionId;
    private boolean fullAuthentication;
    private boolean tls;
    private boolean tlsResumed;

    private MiniClient(Socket socket, int bufferSize) throws IOException {
        this.bufferSize = bufferSize;
        use(socket);
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        InputStream in = new BufferedInputStream(socket.getInputStream(), bufferSize);
        this.packets = new Packets(in);
        this.out = new BufferedOutputStream(socket.getOutputStream(), Math.max(512, Math.min(bufferSize, 8192)));
    }

    /**
     * Connects and logs in.
     *
     * @param source the local address to connect from, or null for the system's choice
     * @param bufferSize the read buffer: small for thousands of idle sessions, large for big results
     */
    public static MiniClient connect(Endpoint endpoint, InetAddress source, int bufferSize) throws IOException {
        return connect(endpoint, source, bufferSize, false);
    }

    /**
     * Connects and logs in, with CLIENT_SESSION_TRACK when {@code sessionTrack} (and the server offers it).
     *
     * @see #connect(Endpoint, InetAddress, int)
     */
    public static MiniClient connect(Endpoint endpoint, InetAddress source, int bufferSize, boolean sessionTrack)
            throws IOException {
        return connect(endpoint, source, bufferSize, sessionTrack, null);
    }

    /**
     * Connects and logs in, over TLS when {@code tls} is not null (the server must offer CLIENT_SSL).
     *
     * @see #connect(Endpoint, InetAddress, int, boolean)
     */
    public static MiniClient connect(
            Endpoint endpoint, InetAddress source, int bufferSize, boolean sessionTrack, ClientTls tls)
            throws IOException {
        return connect(new Socket(), endpoint, source, bufferSize, sessionTrack, tls);
    }

    /**
     * Connects and logs in on a channel's socket, for a caller that then relays over {@link #channel()}
     * itself (blocking or not).
     */
    public static MiniClient connectOnChannel(Endpoint endpoint) throws IOException {
        return connect(SocketChannel.open().socket(), endpoint, null, 1024, false, null);
    }

    private static MiniClient connect(
            Socket socket, Endpoint endpoint, InetAddress source, int bufferSize, boolean sessionTrack, ClientTls tls)
            throws IOException {
        try {
            socket.setTcpNoDelay(true);
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
            socket.setSoTimeout(60_000);
            MiniClient client = new MiniClient(socket, bufferSize);
            client.login(endpoint, sessionTrack ? CLIENT_SESSION_TRACK : 0, tls);
            client.socket.setSoTimeout(0);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The logged-in connection's channel ({@link #connectOnChannel} only), for relaying past this client. */
    public SocketChannel channel() {
        return socket.getChannel();
    }

    /** Whether the login needed caching_sha2_password's full authentication (the server had no cached digest). */
    public boolean fullAuthentication() {
        return fullAuthentication;
    }

    /** Whether the session runs over TLS. */
    public boolean tls() {
        return tls;
    }

    /** Whether its TLS handshake resumed an earlier session (no certificate was sent). */
    public boolean tlsResumed() {
        return tlsResumed;
    }

    /** The server's thread id from its greeting. */
    public long serverConnectionId() {
        return serverConnectionId;
    }

    private void login(Endpoint endpoint, int extraCapabilities, ClientTls clientTls) throws IOException {
        Packet greetingPacket = packets.next();
        if (greetingPacket.firstByte() == 0xFF) {
            throw ServerError.from(greetingPacket, false);
        }
        Greeting greeting = Greeting.decode(greetingPacket.copy());
        serverConnectionId = greeting.connectionId();
        int capabilities = (CLIENT_LONG_PASSWORD
                        | CLIENT_PROTOCOL_41
                        | CLIENT_TRANSACTIONS
                        | CLIENT_SECURE_CONNECTION
                        | CLIENT_PLUGIN_AUTH
                        | extraCapabilities
                        | (clientTls == null ? 0 : CLIENT_SSL)
                        | (endpoint.database() == null ? 0 : CLIENT_CONNECT_WITH_DB))
                & greeting.capabilities();
        if ((capabilities & CLIENT_PROTOCOL_41) == 0 || (capabilities & CLIENT_PLUGIN_AUTH) == 0) {
            throw new IOException("the server does not speak protocol 4.1 with auth plugins");
        }
        int sequenceId = greetingPacket.sequenceId() + 1;
        if (clientTls != null) {
            if ((capabilities & CLIENT_SSL) == 0) {
                throw new IOException("the server does not offer TLS (no CLIENT_SSL in its greeting)");
            }
            // SSLRequest: the handshake response's fixed part alone; the rest follows inside TLS
            send(sequenceId++, sslRequest(capabilities));
            use(clientTls.handshake(socket, endpoint.host(), endpoint.port()));
            tls = true;
            tlsResumed = clientTls.lastHandshakeResumed();
        }
        String plugin = Auth.supports(greeting.authPlugin()) ? greeting.authPlugin() : Auth.NATIVE;
        byte[] response = Auth.respond(plugin, endpoint.password(), greeting.scramble());
        send(sequenceId, handshakeResponse(capabilities, endpoint, plugin, response));
        authenticate(endpoint.password(), plugin, greeting.scramble());
    }

    private static byte[] sslRequest(int capabilities) {
        return new Payload(32)
                .int4(capabilities)
                .int4(1 << 24)
                .int1(UTF8MB4_GENERAL_CI)
                .zeros(23)
                .toArray();
    }

    private static byte[] handshakeResponse(int capabilities, Endpoint endpoint, String plugin, byte[] authResponse) {
        Payload p = new Payload(128);
        p.int4(capabilities).int4(1 << 24).int1(UTF8MB4_GENERAL_CI).zeros(23);
        p.nulString(endpoint.user());
        p.int1(authResponse.length).bytes(authResponse);
        if ((capabilities & CLIENT_CONNECT_WITH_DB) != 0) {
            p.nulString(endpoint.database());
        }
        p.nulString(plugin);
        return p.toArray();
    }

    /** The rest of the exchange: switch requests, caching_sha2_password's extra rounds, then OK or ERR. */
    private void authenticate(String password, String plugin, byte[] scramble) throws IOException {
        String currentPlugin = plugin;
        byte[] currentScramble = scramble;
        while (true) {
            Packet packet = packets.next();
            int next = packet.sequenceId() + 1;
            switch (packet.firstByte()) {
                case 0x00 -> {
                    return;
                }
                case 0xFF -> throw ServerError.from(packet, true);
                case 0xFE -> {
                    AuthSwitch change = AuthSwitch.decode(packet.copy());
                    if (!Auth.supports(change.plugin())) {
                        throw new IOException(
                                "the server asks for auth plugin " + change.plugin() + ", not supported here");
                    }
                    currentPlugin = change.plugin();
                    currentScramble = change.scramble();
                    send(next, Auth.respond(currentPlugin, password, currentScramble));
                }
                case 0x01 -> {
                    byte[] data = packet.copy();
                    if (!currentPlugin.equals(Auth.CACHING_SHA2)) {
                        throw new IOException("unexpected AuthMoreData for " + currentPlugin);
                    }
                    if (data.length == 2 && data[1] == 0x03) {
                        continue; // fast auth succeeded; the OK follows
                    }
                    if (data.length == 2 && data[1] == 0x04 && tls) {
                        fullAuthentication = true;
                        send(next, nulTerminated(password)); // inside TLS the password goes as it is
                    } else if (data.length == 2 && data[1] == 0x04) {
                        fullAuthentication = true;
                        send(next, new byte[] {0x02}); // full auth over plain TCP: ask for the public key
                    } else {
                        String pem = new String(data, 1, data.length - 1, StandardCharsets.US_ASCII);
                        send(next, Auth.rsaEncrypt(password, currentScramble, pem));
                    }
                }
                default ->
                    throw new IOException(
                            "unexpected packet 0x" + Integer.toHexString(packet.firstByte()) + " during login");
            }
        }
    }

    private static byte[] nulTerminated(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** Runs a text query and reads its result; returns the rows, or -1 for an OK. */
    public long query(String sql) throws IOException {
        return query(sql, ResultSink.DISCARD);
    }

    /** Runs a text query, handing each row's payload length to {@code sink}; returns the rows, or -1 for an OK. */
    public long query(String sql, ResultSink sink) throws IOException {
        Payload p = new Payload(sql.length() + 1);
        p.int1(COM_QUERY).bytes(sql.getBytes(StandardCharsets.UTF_8));
        send(0, p.toArray());
        Packet first = packets.next();
        if (first.firstByte() == 0x00) {
            return -1;
        }
        if (first.firstByte() == 0xFF) {
            throw ServerError.from(first, true);
        }
        long columns = Payload.lenEncInt(first.copy(), 0);
        for (long i = 0; i < columns; i++) {
            packets.skip();
        }
        packets.skip(); // EOF after the column definitions
        long rows = 0;
        while (true) {
            Packet row = packets.nextHeaderOnly();
            if (row.firstByte() == 0xFE && row.length() < 9) {
                packets.skipPayload(row);
                return rows;
            }
            if (row.firstByte() == 0xFF) {
                throw ServerError.from(packets.readPayload(row), true);
            }
            packets.skipPayload(row);
            rows++;
            sink.row(row.length() + 4);
        }
    }

    /** COM_PING; true when the server answered OK. */
    public boolean ping() throws IOException {
        send(0, new byte[] {COM_PING});
        return packets.next().firstByte() == 0x00;
    }

    /** COM_QUIT, then close. */
    public void quit() throws IOException {
        try {
            send(0, new byte[] {COM_QUIT});
        } finally {
            close();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void send(int sequenceId, byte[] payload) throws IOException {
        out.write(payload.length);
        out.write(payload.length >>> 8);
        out.write(payload.length >>> 16);
        out.write(sequenceId);
        out.write(payload);
        out.flush();
    }

    /** Told about each row as it goes by; the slow reader sleeps in here. */
    @FunctionalInterface
    public interface ResultSink {
        ResultSink DISCARD = bytes -> {};

        void row(int wireBytes) throws IOException;
    }
}
