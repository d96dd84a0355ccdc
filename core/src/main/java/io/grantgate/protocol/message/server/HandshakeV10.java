package io.grantgate.protocol.message.server;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import java.util.Objects;

/**
 * The server's greeting, protocol version 10: version string, connection id, the auth plugin data
 * (the scramble) split into 8 bytes and the rest, capability flags in two halves around the
 * character set and status flags, and the auth plugin name.
 *
 * <p>The second part of the plugin data is MAX(13, length - 8) bytes and ends with a NUL that is
 * not part of the scramble. MariaDB puts its extended capabilities into the last four of the ten
 * reserved bytes when it clears CLIENT_MYSQL. The plugin name is empty without CLIENT_PLUGIN_AUTH.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/1-connecting/connection">MariaDB: Initial handshake packet</a>
 */
public record HandshakeV10(
        String serverVersion,
        long connectionId,
        Bytes authPluginData,
        Capabilities capabilities,
        int characterSet,
        int statusFlags,
        String authPluginName) {

    public static final int PROTOCOL_VERSION = 10;

    private static final int PART1_LENGTH = 8;
    private static final int MIN_PART2_LENGTH = 13;
    private static final int RESERVED_LENGTH = 10;

    public HandshakeV10 {
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (connectionId < 0 || connectionId > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("connection id must fit in int<4>");
        }
        // MySQL and MariaDB send 20 bytes; the length byte caps it, counting the NUL
        if (authPluginData.length() < 20 || authPluginData.length() > 254) {
            throw new IllegalArgumentException("auth plugin data of " + authPluginData.length() + " bytes");
        }
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.checkIndex(characterSet, 256);
        EofPacket.checkUnsigned16(statusFlags, "statusFlags");
        Objects.requireNonNull(authPluginName, "authPluginName");
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)
                || !capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)) {
            throw new IllegalArgumentException("only 4.1 greetings are supported");
        }
        if (!capabilities.carriesMariaDbExtension() && capabilities.mariaDbExtended() != 0) {
            throw new IllegalArgumentException("MariaDB's extended capabilities need CLIENT_MYSQL clear");
        }
        if (!capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH) && authPluginData.length() != 20) {
            throw new IllegalArgumentException("without CLIENT_PLUGIN_AUTH the scramble is 20 bytes");
        }
    }

    public static HandshakeV10 decode(PayloadReader payload) throws MalformedPacketException {
        if (payload.readInt1() != PROTOCOL_VERSION) {
            throw new MalformedPacketException("not protocol version 10");
        }
        String version = payload.readNulString();
        long connectionId = payload.readInt4();
        Bytes part1 = payload.readFixedBytes(PART1_LENGTH);
        payload.skip(1);
        int lower = payload.readInt2();
        int characterSet = payload.readInt1();
        int status = payload.readInt2();
        int upper = payload.readInt2();
        int dataLength = payload.readInt1();
        payload.skip(RESERVED_LENGTH - 4);
        int extended = (int) payload.readInt4();
        Capabilities capabilities = Capabilities.fromParts(upper << 16 | lower, 0);
        if (capabilities.carriesMariaDbExtension()) {
            capabilities = Capabilities.fromParts(capabilities.toInt(), extended);
        }
        if (!capabilities.contains(CapabilityFlag.CLIENT_PROTOCOL_41)
                || !capabilities.contains(CapabilityFlag.CLIENT_SECURE_CONNECTION)) {
            throw new MalformedPacketException("a pre-4.1 server greeting");
        }
        Bytes part2 = payload.readFixedBytes(Math.max(MIN_PART2_LENGTH, dataLength - PART1_LENGTH));
        String plugin = capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH) ? payload.readNulOrRestString() : "";
        Bytes data = join(part1, part2);
        boolean pluginAuth = capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH);
        if (data.length() < 20 || data.length() > 254 || !pluginAuth && data.length() != 20) {
            throw new MalformedPacketException("auth plugin data of " + data.length() + " bytes");
        }
        return new HandshakeV10(version, connectionId, data, capabilities, characterSet, status, plugin);
    }

    public byte[] encode() {
        PayloadWriter out = new PayloadWriter(64 + serverVersion.length() + authPluginName.length());
        byte[] data = authPluginData.toArray();
        int lower32 = capabilities.toInt();
        out.writeInt1(PROTOCOL_VERSION)
                .writeNulString(serverVersion)
                .writeInt4(connectionId)
                .writeBytes(data, 0, PART1_LENGTH)
                .writeInt1(0)
                .writeInt2(lower32 & 0xFFFF)
                .writeInt1(characterSet)
                .writeInt2(statusFlags)
                .writeInt2(lower32 >>> 16)
                .writeInt1(capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH) ? data.length + 1 : 0)
                .writeZeros(RESERVED_LENGTH - 4)
                .writeInt4(capabilities.carriesMariaDbExtension() ? capabilities.mariaDbExtended() & 0xFFFFFFFFL : 0)
                .writeBytes(data, PART1_LENGTH, data.length - PART1_LENGTH)
                .writeZeros(Math.max(1, MIN_PART2_LENGTH - (data.length - PART1_LENGTH)));
        if (capabilities.contains(CapabilityFlag.CLIENT_PLUGIN_AUTH)) {
            out.writeNulString(authPluginName);
        }
        return out.toByteArray();
    }

    /** The scramble is part 1 and part 2 without part 2's terminating NUL. */
    private static Bytes join(Bytes part1, Bytes part2) {
        int keep = part2.length();
        if (keep > 0 && part2.unsignedAt(keep - 1) == 0) {
            keep--;
        }
        byte[] joined = new byte[part1.length() + keep];
        part1.copyTo(joined, 0);
        System.arraycopy(part2.toArray(), 0, joined, part1.length(), keep);
        return Bytes.of(joined);
    }
}
