package io.grantgate.edge;

import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.RsaPasswordCipher;
import io.grantgate.auth.RsaPem;
import io.grantgate.auth.Scramble;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketStreams;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.message.client.ComChangeUser;
import io.grantgate.protocol.message.client.ConnectAttributes;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.AuthMoreData;
import io.grantgate.protocol.message.server.AuthSwitchRequest;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.HandshakeV10;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A client made of the gateway's own protocol classes that sends COM_CHANGE_USER itself and goes on
 * after a failed one, which neither Connector/J (it closes the connection on a 28000 from a change:
 * MySQL's behaviour) nor MariaDB Connector/J (no public change-user call) does. mysql_native_password
 * logins, text queries with EOF packets; the same against a server and against the gateway.
 */
final class ChangeUserClient implements AutoCloseable {

    /** utf8mb4_general_ci, as the login and the changes carry it. */
    private static final int CHARACTER_SET = 45;

    private static final String NATIVE = "mysql_native_password";
    static final String CACHING_SHA2 = "caching_sha2_password";
    /** caching_sha2_password: the client's request for the server's RSA public key. */
    private static final byte REQUEST_PUBLIC_KEY = 0x02;

    private static final Capabilities CAPABILITIES = Capabilities.of(
            CapabilityFlag.CLIENT_LONG_PASSWORD,
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_PLUGIN_AUTH,
            CapabilityFlag.CLIENT_TRANSACTIONS,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_CONNECT_WITH_DB);

    /** With CLIENT_SESSION_TRACK too: what a multiplexing gateway shares backend connections for. */
    private static final Capabilities TRACKING = CAPABILITIES.with(CapabilityFlag.CLIENT_SESSION_TRACK);

    private final Socket socket;
    private final PacketStreams streams;
    private final Capabilities capabilities;
    /** The greeting's: what a COM_CHANGE_USER's first response is computed with, as drivers do. */
    private final byte[] scramble;
    /** The id the greeting gave the connection (the gateway's own, through the gateway). */
    final long connectionId;

    private ChangeUserClient(
            Socket socket, PacketStreams streams, Capabilities capabilities, byte[] scramble, long connectionId) {
        this.socket = socket;
        this.capabilities = capabilities;
        this.streams = streams;
        this.scramble = scramble;
        this.connectionId = connectionId;
    }

    /** What a command got: OK, an ERR, or a result set's rows (each value as text, null for NULL). */
    record Answer(boolean ok, Optional<ErrPacket> err, List<List<String>> rows, boolean authSwitched) {

        /** The one value of a one-row, one-column result. */
        String value() {
            if (rows.size() != 1 || rows.getFirst().size() != 1) {
                throw new AssertionError("not a single value: " + this);
            }
            return rows.getFirst().getFirst();
        }
    }

    static ChangeUserClient login(int port, String user, String password, String schema) throws IOException {
        return login(port, user, password, schema, false);
    }

    /** @param tracksSessionState whether the client asks for CLIENT_SESSION_TRACK */
    static ChangeUserClient login(int port, String user, String password, String schema, boolean tracksSessionState)
            throws IOException {
        Capabilities capabilities = tracksSessionState ? TRACKING : CAPABILITIES;
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
        byte[] scramble = Arrays.copyOf(greeting.authPluginData().toArray(), Scramble.LENGTH);
        HandshakeResponse41 response = new HandshakeResponse41(
                capabilities,
                1 << 24,
                CHARACTER_SET,
                user,
                Bytes.of(NativePasswordScramble.respond(password, Scramble.of(scramble))),
                Optional.of(schema),
                Optional.of(NATIVE),
                ConnectAttributes.EMPTY,
                OptionalInt.empty());
        streams.writer().write(packet.lastSequenceId() + 1, response.encode());
        streams.writer().flush();
        ChangeUserClient client =
                new ChangeUserClient(socket, streams, capabilities, scramble, greeting.connectionId());
        Answer answer = client.authentication(password, packet);
        if (!answer.ok()) {
            socket.close();
            throw new IOException("login refused: " + answer);
        }
        return client;
    }

    /**
     * COM_CHANGE_USER to {@code user}, its first response made for {@code plugin} with the greeting's
     * scramble; an AuthSwitchRequest is answered for the plugin it names.
     */
    Answer changeUser(String user, String password, String plugin, String schema) throws IOException {
        byte[] first = respond(plugin, password, scramble);
        ComChangeUser change = new ComChangeUser(
                user,
                Bytes.of(first),
                schema,
                OptionalInt.of(CHARACTER_SET),
                Optional.of(plugin),
                ConnectAttributes.EMPTY);
        streams.writer().write(0, change.encode(capabilities));
        streams.writer().flush();
        return authentication(password, new PacketBuffer(256));
    }

    private Answer authentication(String password, PacketBuffer packet) throws IOException {
        boolean switched = false;
        // caching_sha2_password's nonce, for the RSA-encrypted password of a full authentication
        byte[] nonce = scramble;
        while (true) {
            streams.reader().read(packet);
            switch (packet.firstByte()) {
                case 0x00 -> {
                    return new Answer(true, Optional.empty(), List.of(), switched);
                }
                case 0xFF -> {
                    return new Answer(
                            false, Optional.of(ErrPacket.decode(packet.reader(), capabilities)), List.of(), switched);
                }
                case 0xFE -> {
                    switched = true;
                    AuthSwitchRequest request = AuthSwitchRequest.decode(packet.reader());
                    nonce = Arrays.copyOf(request.pluginData().toArray(), Scramble.LENGTH);
                    reply(packet, respond(request.pluginName(), password, nonce));
                }
                case AuthMoreData.HEADER -> {
                    // caching_sha2_password over plain TCP: ask for the key, send the password under it
                    AuthMoreData more = AuthMoreData.decode(packet.reader());
                    if (more.isPerformFullAuthentication()) {
                        reply(packet, new byte[] {REQUEST_PUBLIC_KEY});
                    } else if (!more.isFastAuthSuccess()) {
                        RSAPublicKey key =
                                RsaPem.decodePublicKey(new String(more.data().toArray(), StandardCharsets.US_ASCII));
                        reply(packet, RsaPasswordCipher.encrypt(password, Scramble.of(nonce), key));
                    }
                }
                default -> throw new IOException("unexpected packet in the authentication: " + packet.firstByte());
            }
        }
    }

    private void reply(PacketBuffer after, byte[] payload) throws IOException {
        streams.writer().write(after.lastSequenceId() + 1, payload);
        streams.writer().flush();
    }

    private static byte[] respond(String plugin, String password, byte[] nonce) {
        return CACHING_SHA2.equals(plugin)
                ? CachingSha2Scramble.respond(password, Scramble.of(nonce))
                : NativePasswordScramble.respond(password, Scramble.of(nonce));
    }

    /** A text query: its OK, its ERR, or its rows. */
    Answer query(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] query = new byte[1 + text.length];
        query[0] = (byte) CommandType.COM_QUERY.code();
        System.arraycopy(text, 0, query, 1, text.length);
        streams.writer().write(0, query);
        streams.writer().flush();
        PacketBuffer packet = new PacketBuffer(256);
        streams.reader().read(packet);
        if (packet.firstByte() == 0x00) {
            return new Answer(true, Optional.empty(), List.of(), false);
        }
        if (packet.firstByte() == 0xFF) {
            return new Answer(false, Optional.of(ErrPacket.decode(packet.reader(), capabilities)), List.of(), false);
        }
        int columns = (int) packet.reader().readLenEncInt();
        for (int i = 0; i < columns; i++) {
            streams.reader().read(packet);
        }
        streams.reader().read(packet); // EOF after the column definitions
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            streams.reader().read(packet);
            if (packet.firstByte() == 0xFE && packet.length() < 9) {
                return new Answer(true, Optional.empty(), rows, false);
            }
            if (packet.firstByte() == 0xFF) {
                return new Answer(false, Optional.of(ErrPacket.decode(packet.reader(), capabilities)), rows, false);
            }
            rows.add(row(packet.reader(), columns));
        }
    }

    /** COM_STMT_PREPARE of a statement without parameters: its id. */
    long prepare(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] prepare = new byte[1 + text.length];
        prepare[0] = (byte) CommandType.COM_STMT_PREPARE.code();
        System.arraycopy(text, 0, prepare, 1, text.length);
        streams.writer().write(0, prepare);
        streams.writer().flush();
        PacketBuffer packet = new PacketBuffer(256);
        streams.reader().read(packet);
        if (packet.firstByte() != 0x00) {
            throw new IOException("prepare refused: " + ErrPacket.decode(packet.reader(), capabilities));
        }
        PayloadReader reader = packet.reader();
        reader.readInt1();
        long id = reader.readInt4();
        int columns = reader.readInt2();
        int parameters = reader.readInt2();
        for (int i = 0; i < parameters + (parameters > 0 ? 1 : 0) + columns + (columns > 0 ? 1 : 0); i++) {
            streams.reader().read(packet); // definitions, each list with its EOF
        }
        return id;
    }

    /** COM_STMT_EXECUTE of a statement without parameters: its ERR, or its rows (binary, not decoded: none listed). */
    Answer execute(long statementId) throws IOException {
        byte[] execute = {
            (byte) CommandType.COM_STMT_EXECUTE.code(),
            (byte) statementId,
            (byte) (statementId >> 8),
            (byte) (statementId >> 16),
            (byte) (statementId >> 24),
            0,
            1,
            0,
            0,
            0
        };
        streams.writer().write(0, execute);
        streams.writer().flush();
        PacketBuffer packet = new PacketBuffer(256);
        streams.reader().read(packet);
        if (packet.firstByte() == 0x00) {
            return new Answer(true, Optional.empty(), List.of(), false);
        }
        if (packet.firstByte() == 0xFF) {
            return new Answer(false, Optional.of(ErrPacket.decode(packet.reader(), capabilities)), List.of(), false);
        }
        int columns = (int) packet.reader().readLenEncInt();
        for (int i = 0; i < columns + 1; i++) {
            streams.reader().read(packet); // column definitions and their EOF
        }
        while (true) {
            streams.reader().read(packet);
            if (packet.firstByte() == 0xFE && packet.length() < 9) {
                return new Answer(true, Optional.empty(), List.of(), false);
            }
            if (packet.firstByte() == 0xFF) {
                return new Answer(
                        false, Optional.of(ErrPacket.decode(packet.reader(), capabilities)), List.of(), false);
            }
        }
    }

    private static List<String> row(PayloadReader reader, int columns) throws MalformedPacketException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            if (reader.nextIsNull()) {
                reader.readInt1();
                values.add(null);
            } else {
                values.add(reader.readLenEncString());
            }
        }
        return values;
    }

    /** Whether the server has closed the connection (reads at most one byte, which then is lost). */
    boolean closedByServer() throws IOException {
        socket.setSoTimeout(2_000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(30_000);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            streams.writer().write(0, new byte[] {(byte) CommandType.COM_QUIT.code()});
            streams.writer().flush();
        } catch (IOException e) {
            // closed by the server already: nothing to quit
        }
        socket.close();
    }
}
