package io.grantgate.backend;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.PacketWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.message.client.ComChangeUser;
import io.grantgate.protocol.message.client.ComInitDb;
import io.grantgate.protocol.message.client.ComQuery;
import io.grantgate.protocol.message.client.ConnectAttributes;
import io.grantgate.protocol.message.server.OkPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated connection from the gateway to a backend, as its backend account. The relay uses
 * the raw {@link #input()}/{@link #output()} (or {@link #reader()}/{@link #writer()}) to move a
 * client's packets unchanged; the connection's own commands (ping, reset, init-db, simple queries)
 * read their whole response and throw the backend's ERR as a {@link BackendException}.
 *
 * <p>Confined to one borrower at a time, like the session that uses it; only {@link #close()} may be
 * called from another thread (to end a session), and then the borrower's blocked read fails.
 *
 * <p>Over 300 lines, knowingly: the handshake is in {@link BackendHandshake} and the auth exchange in
 * {@link BackendAuthenticator}; what stays is the one state every own command shares (status flags,
 * default schema, time of the last login, broken or closed) and the rules that read it — the two
 * kinds of reset, usability and close. Split further, that state would be passed around or exposed.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection Phase</a>
 */
public final class BackendConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendConnection.class);
    private static final String MARIADB_VERSION_PREFIX = "5.5.5-";
    /**
     * What a multiplexed session's connection reports in its OK packets (with CLIENT_SESSION_TRACK):
     * every change of session state, every system variable, the schema, and transaction
     * characteristics, so that a session that changed anything is pinned to its connection.
     */
    static final String TRACK_SESSION_STATE = "SET session_track_state_change=ON, session_track_schema=ON,"
            + " session_track_system_variables='*', session_track_transaction_info=CHARACTERISTICS";
    /** Leaves FOUND_ROWS() 0 and ROW_COUNT() -1, as for a statement that found nothing. */
    private static final String FORGET_LAST_RESULT = "SELECT 0 FROM DUAL WHERE 0";

    /**
     * The character set and collation a MariaDB session has after a COM_CHANGE_USER's reset, the
     * globals, where COM_RESET_CONNECTION restores the login's ({@code org_charset}).
     */
    public static final String GLOBAL_CHARACTER_SET = "SET character_set_client = @@global.character_set_client,"
            + " character_set_results = @@global.character_set_results,"
            + " collation_connection = @@global.collation_connection";

    private static final byte[] RESET_CONNECTION = {(byte) CommandType.COM_RESET_CONNECTION.code()};

    private final BackendEndpoint endpoint;
    private final PacketChannel channel;
    private final BackendCredentials credentials;
    private final BackendConnectOptions options;
    private final BackendHandshake.Result handshake;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean broken;
    private int statusFlags;
    /** The default schema as this connection's own commands left it; "" for none. */
    private String schema;
    /** {@link System#nanoTime()} of the last login, the handshake's or a COM_CHANGE_USER. */
    private long loggedInAt;
    /** {@link #TRACK_SESSION_STATE} was run since the last login or reset. */
    private boolean stateTracked;
    /** Who ran statements on it last since its last reset (a multiplexed session), or null. */
    private Object lastHolder;
    /** The SET statements a multiplexed session left on it since its last login or reset, as one key; "" for none. */
    private String setup = "";
    /** The reset the last session's end left owing, which the next borrower settles. */
    private DueReset dueReset = DueReset.NONE;
    /** COM_RESET_CONNECTION goes out ahead of the next command this connection carries, unanswered till then. */
    private boolean resetQueued;
    /** A COM_RESET_CONNECTION was answered OK here before: only then is one sent ahead of a command unchecked. */
    private boolean resetsWithoutLogin;

    /**
     * What a connection given back owes before its next session: nothing (new, or reset since), the
     * cheaper reset that keeps the schema, or a new login.
     */
    public enum DueReset {
        NONE,
        KEEPING_SCHEMA,
        LOGIN
    }

    private BackendConnection(
            BackendEndpoint endpoint,
            PacketChannel channel,
            BackendCredentials credentials,
            BackendConnectOptions options,
            BackendHandshake.Result handshake) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.credentials = credentials;
        this.options = options;
        this.handshake = handshake;
        this.statusFlags = handshake.ok().statusFlags();
        this.schema = options.schema().orElse("");
        this.loggedInAt = System.nanoTime();
    }

    /** Connects, upgrades to TLS if the endpoint says so, and logs in; the socket is closed on failure. */
    public static BackendConnection open(
            BackendEndpoint endpoint, BackendCredentials credentials, BackendConnectOptions options)
            throws BackendException {
        Socket socket;
        try {
            // a channel's socket, so that a relay loop can take it over non-blocking
            socket = java.nio.channels.SocketChannel.open().socket();
        } catch (IOException e) {
            throw BackendException.of(BackendFailure.CONNECT_FAILED, e, endpoint);
        }
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int)
                    options.connectTimeout().toMillis());
            socket.setSoTimeout((int) options.handshakeTimeout().toMillis());
        } catch (IOException e) {
            closeQuietly(socket);
            throw BackendException.of(BackendFailure.CONNECT_FAILED, e, endpoint);
        }
        PacketChannel channel = null;
        try {
            channel = new PacketChannel(socket, endpoint.toString(), options.maxPacketSize());
            BackendHandshake.Result result = new BackendHandshake(channel, endpoint, credentials, options).perform();
            LOG.debug(
                    "connected to backend {} as {}, connection id {}",
                    endpoint,
                    credentials.user(),
                    result.greeting().connectionId());
            return new BackendConnection(endpoint, channel, credentials, options, result);
        } catch (IOException e) {
            closeQuietly(channel == null ? socket : channel.socket());
            throw e instanceof BackendException b
                    ? b
                    : BackendException.of(BackendFailure.SERVER_LOST, e, endpoint, "connect");
        }
    }

    /** The server's version as MySQL clients show it: MariaDB's "5.5.5-" replication prefix removed. */
    public String serverVersion() {
        return withoutReplicationPrefix(rawServerVersion());
    }

    /**
     * MariaDB before 11 announces "5.5.5-10.11.6-MariaDB" so that old MySQL replicas accept it as a
     * source; the prefix is not part of the version.
     */
    static String withoutReplicationPrefix(String raw) {
        return raw.startsWith(MARIADB_VERSION_PREFIX) ? raw.substring(MARIADB_VERSION_PREFIX.length()) : raw;
    }

    /** The version string exactly as the greeting sent it. */
    public String rawServerVersion() {
        return handshake.greeting().serverVersion();
    }

    /** The backend's thread id, for KILL. */
    public long connectionId() {
        return handshake.greeting().connectionId();
    }

    /**
     * The server's default collation id, as its greeting announced it (the low byte of the id, which
     * is all the greeting has room for): what a client sees in a direct greeting.
     */
    public int serverCharacterSet() {
        return handshake.greeting().characterSet();
    }

    /** The negotiated capabilities: the flags sent in HandshakeResponse41. */
    public Capabilities capabilities() {
        return handshake.capabilities();
    }

    /** Those the server offered in its greeting. */
    public Capabilities serverCapabilities() {
        return handshake.greeting().capabilities();
    }

    /** The status flags of the last OK or EOF this connection read itself. */
    public int statusFlags() {
        return statusFlags;
    }

    /** The node it is connected to. */
    public BackendEndpoint endpoint() {
        return endpoint;
    }

    public BackendCredentials credentials() {
        return credentials;
    }

    /** The socket's channel, for non-blocking relaying; empty over TLS. */
    public Optional<java.nio.channels.SocketChannel> plainChannel() {
        Socket socket = channel.socket();
        return socket instanceof javax.net.ssl.SSLSocket ? Optional.empty() : Optional.ofNullable(socket.getChannel());
    }

    /**
     * The channel of the TCP connection, under TLS too: for watching an idle connection for the
     * server's close, never for reading what a TLS connection carries.
     */
    public Optional<java.nio.channels.SocketChannel> tcpChannel() {
        return Optional.ofNullable(channel.tcpSocket().getChannel());
    }

    public InputStream input() {
        return channel.input();
    }

    public OutputStream output() {
        return channel.output();
    }

    public PacketReader reader() {
        return channel.reader();
    }

    public PacketWriter writer() {
        return channel.writer();
    }

    /** The socket read timeout from now on; zero waits for ever. */
    public void readTimeout(Duration timeout) throws BackendException {
        try {
            channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            throw fail(channel.lost(e, "setting the read timeout"));
        }
    }

    /** COM_PING. */
    public void ping() throws BackendException {
        command(new byte[] {(byte) CommandType.COM_PING.code()}, "COM_PING");
    }

    /** COM_INIT_DB: the default schema, as USE. */
    public OkPacket initDb(String schema) throws BackendException {
        OkPacket ok = command(new ComInitDb(schema).encode(), "COM_INIT_DB");
        this.schema = schema;
        return ok;
    }

    /**
     * The default schema as the connection's own commands left it ("" for none): what it was opened
     * with, the last {@link #initDb}, or none after {@link #resetConnection()}. A relayed USE is not
     * seen here; whoever relays statements must reset with {@link #resetConnection()} after one.
     */
    public String schema() {
        return schema;
    }

    /** How long ago this connection last logged in, so its privileges were last read from the grant tables. */
    public Duration sinceLogin() {
        return Duration.ofNanos(System.nanoTime() - loggedInAt);
    }

    /**
     * A statement run for its effect (SET NAMES, SET SESSION …): its final OK, result sets discarded,
     * an ERR thrown. Not for result data; the relay forwards those.
     */
    public OkPacket query(String sql) throws BackendException {
        return command(ComQuery.of(sql, capabilities()).encode(), "COM_QUERY");
    }

    /**
     * A status query (SHOW STATUS …): the text rows of its first result set, values null for SQL
     * NULL. For small answers only; the relay forwards client results raw.
     */
    public List<List<String>> queryRows(String sql) throws BackendException {
        try {
            commandTimeout();
            boolean resetAhead = writeQueuedReset();
            channel.send(0, ComQuery.of(sql, capabilities()).encode(), "COM_QUERY");
            if (resetAhead) {
                readQueuedReset();
            }
            return new CommandResponse(channel, capabilities(), "COM_QUERY").readRows();
        } catch (BackendException e) {
            throw fail(e);
        }
    }

    /**
     * Turns session-state tracking on ({@link #TRACK_SESSION_STATE}) unless it is on already since
     * the last login or reset: the server then flags every statement that changed the session.
     */
    public void trackSessionState() throws BackendException {
        if (!stateTracked) {
            query(TRACK_SESSION_STATE);
            stateTracked = true;
        }
    }

    /** The session variables' SET statements applied since the last login or reset, as one key; "" for none. */
    public String setup() {
        return setup;
    }

    /** A relayed SET statement changed the session's variables: they are {@code key}'s now. */
    public void setupChanged(String key) {
        setup = key;
    }

    /**
     * Runs a session's SET statements on a connection with none applied, then turns state tracking on
     * again, since a SET of the session may have changed it.
     */
    public void replaySetup(String key, List<String> statements) throws BackendException {
        for (String statement : statements) {
            query(statement);
        }
        setup = key;
        stateTracked = false;
        trackSessionState();
    }

    /** The session's own SET touched the tracking variables: they are set again. */
    public void retrack() throws BackendException {
        stateTracked = false;
        trackSessionState();
    }

    /**
     * Records that {@code holder} runs statements on the connection from now on; true when it was the
     * last to, so that what the previous statement left (FOUND_ROWS(), ROW_COUNT()) is its own.
     */
    public boolean heldBy(Object holder) {
        boolean same = lastHolder == holder;
        lastHolder = holder;
        return same;
    }

    /** Makes FOUND_ROWS() and ROW_COUNT() read 0 and -1, so that another holder's values are not seen. */
    public void forgetLastResult() throws BackendException {
        queryRows(FORGET_LAST_RESULT);
    }

    /**
     * Returns the connection to the state it was opened in, for the next borrower: user variables,
     * temporary tables, prepared statements, session variables, an open transaction (rolled back),
     * locks, and the default schema. That last one is why this is COM_CHANGE_USER as the same backend
     * account and not COM_RESET_CONNECTION, which keeps the schema a previous session chose with USE:
     * a session that names no schema must see {@code DATABASE()} NULL, as on a fresh connection. One
     * round trip either way. A failure leaves the connection unusable.
     */
    public void resetConnection() throws BackendException {
        changeUser();
    }

    /**
     * Resets the session like {@link #resetConnection()} but keeps the default schema and the
     * privileges read at the last login: COM_RESET_CONNECTION, which costs the backend a fraction of a
     * login. Only on MariaDB, where its reset was checked to restore the handshake's character set as
     * well as to drop user variables, temporary tables, prepared statements, named locks and an open
     * transaction. MySQL documents that its COM_RESET_CONNECTION sets the session's character set to the
     * server's global default instead, so there this logs in again as {@link #resetConnection()} does.
     *
     * @return true if the connection was reset without a new login
     */
    public boolean resetKeepingSchema() throws BackendException {
        if (!isMariaDb()) {
            changeUser();
            return false;
        }
        try {
            command(RESET_CONNECTION, "COM_RESET_CONNECTION");
            forgetSessionState();
            resetsWithoutLogin = true;
            dueReset = DueReset.NONE;
            return true;
        } catch (BackendException e) {
            if (!e.connectionUsable()) {
                throw e;
            }
            // a server without the command (before MariaDB 10.2.4) answers ERR 1047 and stays usable
            changeUser();
            return false;
        }
    }

    /**
     * What a COM_CHANGE_USER leaves of the session on MariaDB before it authenticates, so what even a
     * refused one leaves (its sql_parse.cc resets the session, then restores the account and schema
     * on a refusal): COM_RESET_CONNECTION, which drops user variables, temporary tables, prepared
     * statements and locks, rolls back the transaction and copies the session variables from the
     * globals, then {@link #GLOBAL_CHARACTER_SET}, since the reset restores the login's character set
     * where the change leaves the global one. The default schema stays, as on the refused change. A
     * failure leaves the connection unusable. MariaDB only: MySQL ends a connection whose change it refused.
     */
    public void resetAsChangeUser() throws BackendException {
        settleQueuedReset();
        command(RESET_CONNECTION, "COM_RESET_CONNECTION");
        forgetSessionState();
        resetsWithoutLogin = true;
        try {
            query(GLOBAL_CHARACTER_SET);
        } catch (BackendException e) {
            broken = true; // reset but in the login's character set: not what the session is told it is
            throw e;
        }
    }

    /**
     * The session ends: the connection goes back to the pool owing a reset, which the next borrower
     * settles ({@link #queueReset()} or a reset of its own), not this session's thread. Why not now:
     * the reset is a round trip nobody needs to wait for, and done at the next borrow it also gives
     * that session the global variables as they are when it starts (MariaDB's COM_RESET_CONNECTION
     * and COM_CHANGE_USER both copy the session variables from the globals), not as they were when
     * the previous one ended. No I/O.
     *
     * @param keepSchema whether the cheaper reset, which keeps the default schema, will do
     */
    public void resetDue(boolean keepSchema) {
        DueReset owed = keepSchema ? DueReset.KEEPING_SCHEMA : DueReset.LOGIN;
        if (owed.compareTo(dueReset) > 0) {
            dueReset = owed; // a session that left without a command leaves what the one before owed
        }
    }

    /** The reset the connection owes its next session. */
    public DueReset dueReset() {
        return dueReset;
    }

    /**
     * Settles a due {@link DueReset#KEEPING_SCHEMA} without a round trip of its own: COM_RESET_CONNECTION
     * is written ahead of the next command this connection carries, in the same flush, and its OK read
     * before that command's response. Only where such a reset was answered OK on this connection
     * before (MariaDB); false otherwise, and then the caller resets with a round trip.
     */
    public boolean queueReset() {
        if (!resetsWithoutLogin || dueReset != DueReset.KEEPING_SCHEMA) {
            return false;
        }
        resetQueued = true;
        dueReset = DueReset.NONE;
        forgetSessionState();
        return true;
    }

    /**
     * Ahead of a relayed command: writes the queued reset, unflushed, so that the command's flush
     * carries both. True when it did: the caller reads its answer with {@link #readQueuedReset()}
     * once the command is flushed, before the command's response.
     */
    public boolean writeQueuedReset() throws BackendException {
        if (!resetQueued) {
            return false;
        }
        resetQueued = false;
        try {
            channel.writer().write(0, RESET_CONNECTION);
        } catch (IOException e) {
            throw fail(channel.lost(e, "COM_RESET_CONNECTION"));
        }
        return true;
    }

    /** The OK of a reset written ahead of a command; an ERR breaks the connection (the command ran unreset). */
    public void readQueuedReset() throws BackendException {
        try {
            new CommandResponse(channel, capabilities(), "COM_RESET_CONNECTION").read();
        } catch (BackendException e) {
            broken = true;
            throw e;
        }
    }

    /** Sends the queued reset now and reads its OK, if one is queued: before anything else writes to the socket. */
    public void settleQueuedReset() throws BackendException {
        if (writeQueuedReset()) {
            try {
                channel.writer().flush();
            } catch (IOException e) {
                throw fail(channel.lost(e, "COM_RESET_CONNECTION"));
            }
            readQueuedReset();
        }
    }

    private void forgetSessionState() {
        stateTracked = false;
        lastHolder = null;
        setup = "";
    }

    private boolean isMariaDb() {
        return rawServerVersion().contains("MariaDB");
    }

    private void changeUser() throws BackendException {
        resetQueued = false; // the login resets it all
        dueReset = DueReset.NONE;
        byte[] auth = AuthResponses.respond(handshake.plugin(), credentials.password(), handshake.scramble());
        ComChangeUser change = new ComChangeUser(
                credentials.user(),
                Bytes.of(auth),
                options.schema().orElse(""),
                OptionalInt.of(options.characterSet()),
                Optional.of(handshake.plugin().pluginName()),
                ConnectAttributes.EMPTY);
        java.util.Arrays.fill(auth, (byte) 0);
        try {
            commandTimeout();
            channel.send(0, change.encode(capabilities()), "COM_CHANGE_USER");
            OkPacket ok = new BackendAuthenticator(
                            channel,
                            credentials.password(),
                            channel.socket() instanceof javax.net.ssl.SSLSocket,
                            capabilities(),
                            handshake.plugin(),
                            handshake.scramble())
                    .authenticate();
            statusFlags = ok.statusFlags();
            schema = options.schema().orElse("");
            loggedInAt = System.nanoTime();
            forgetSessionState();
        } catch (BackendException e) {
            throw fail(e);
        }
    }

    /**
     * Cheap and local: not closed, not marked broken by an earlier failure, socket open, and nothing
     * unread. Bytes waiting on an idle connection are unsolicited, in practice the ERR a server sends
     * before it closes a killed or timed-out connection.
     */
    public boolean isUsable() {
        if (!isSound()) {
            return false;
        }
        try {
            return channel.input().available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@link #isUsable()} without its look for unread bytes, a system call: not closed, not marked
     * broken, socket open. What a connection given back must be; the look for unread bytes is left
     * to its next borrow, which makes it anyway.
     */
    public boolean isSound() {
        return !closed.get()
                && !broken
                && !channel.socket().isClosed()
                && !channel.socket().isInputShutdown();
    }

    /** Marks the connection as not reusable, e.g. when the relay lost track of a response. */
    public void markBroken() {
        broken = true;
    }

    /**
     * Ends the connection now, from any thread, without closing it: marked broken and its TCP
     * connection shut down both ways, so that whoever reads it (the borrowing session's thread, a relay
     * loop, the backend watch) sees the end of the stream at once, as if the server had gone, and ends
     * its session; the borrower still gives it back and closes it. For a node taken out of service.
     */
    public void abort() {
        broken = true;
        Socket tcp = channel.tcpSocket();
        try {
            tcp.shutdownInput();
            tcp.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("shutting down backend connection {} failed (closed already?)", this, e);
        }
    }

    /** COM_QUIT, then the socket closed; never throws. Idempotent, callable from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!broken) {
            try {
                channel.socket().setSoTimeout(1000);
                channel.send(0, new byte[] {(byte) CommandType.COM_QUIT.code()}, "COM_QUIT");
            } catch (IOException | RuntimeException ignored) {
                // RuntimeException: IllegalBlockingModeException when a relay loop holds the channel
                // (the pool closing at shutdown while a session is still on it); the socket closes all the same
                LOG.debug("COM_QUIT to backend {} failed; closing anyway", channel.peer(), ignored);
            }
        }
        closeQuietly(channel.socket());
    }

    @Override
    public String toString() {
        return "BackendConnection[" + channel.peer() + ", user=" + credentials.user() + ", id=" + connectionId() + "]";
    }

    private OkPacket command(byte[] payload, String during) throws BackendException {
        try {
            commandTimeout();
            boolean resetAhead = writeQueuedReset();
            channel.send(0, payload, during);
            if (resetAhead) {
                readQueuedReset();
            }
            OkPacket ok = new CommandResponse(channel, capabilities(), during).read();
            statusFlags = ok.statusFlags();
            return ok;
        } catch (BackendException e) {
            throw fail(e);
        }
    }

    /** The connection's own commands wait at most the handshake timeout, whatever the relay set before. */
    private void commandTimeout() throws BackendException {
        readTimeout(options.handshakeTimeout());
    }

    private BackendException fail(BackendException e) {
        if (!e.connectionUsable()) {
            broken = true;
        }
        return e;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            LOG.debug("closing a backend socket failed", ignored);
        }
    }
}
