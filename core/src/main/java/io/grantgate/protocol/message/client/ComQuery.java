package io.grantgate.protocol.message.client;

import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * COM_QUERY: 0x03, with CLIENT_QUERY_ATTRIBUTES a block of named parameters in binary form, then the
 * SQL text to the end of the packet. The attribute block is kept as the raw bytes sent, so the packet
 * re-encodes unchanged; decoding walks it only to find where the SQL starts.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html">COM_QUERY</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/2-text-protocol/com_query">MariaDB: COM_QUERY</a>
 */
public record ComQuery(Bytes attributes, Bytes query) {

    /** parameter_count 0, parameter_set_count 1: the attribute block of a query without attributes. */
    private static final Bytes NO_ATTRIBUTES = Bytes.of((byte) 0, (byte) 1);

    public ComQuery {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(query, "query");
    }

    /** A query without attributes, in the layout the capabilities call for. */
    public static ComQuery of(String sql, Capabilities capabilities) {
        return new ComQuery(
                capabilities.contains(CapabilityFlag.CLIENT_QUERY_ATTRIBUTES) ? NO_ATTRIBUTES : Bytes.EMPTY,
                Bytes.of(sql, StandardCharsets.UTF_8));
    }

    /** The SQL text, as UTF-8; the bytes in {@link #query()} are what the server executes. */
    public String sql() {
        return query.asString(StandardCharsets.UTF_8);
    }

    public static ComQuery decode(PayloadReader payload, Capabilities capabilities) throws MalformedPacketException {
        if (payload.readInt1() != CommandType.COM_QUERY.code()) {
            throw new MalformedPacketException("not COM_QUERY");
        }
        Bytes attributes = Bytes.EMPTY;
        if (capabilities.contains(CapabilityFlag.CLIENT_QUERY_ATTRIBUTES)) {
            PayloadReader scan = payload.duplicate();
            skipAttributes(scan);
            attributes = payload.readFixedBytes(scan.position() - payload.position());
        }
        return new ComQuery(attributes, payload.readRestBytes());
    }

    public byte[] encode() {
        return new PayloadWriter(1 + attributes.length() + query.length())
                .writeInt1(CommandType.COM_QUERY.code())
                .writeBytes(attributes)
                .writeBytes(query)
                .toByteArray();
    }

    /** Walks parameter_count, parameter_set_count, NULL bitmap, types and names, and the values. */
    private static void skipAttributes(PayloadReader block) throws MalformedPacketException {
        long count = block.readLenEncInt();
        block.readLenEncInt(); // parameter_set_count, always 1
        if (count == 0) {
            return;
        }
        if (count < 0 || count > block.remaining()) {
            throw new MalformedPacketException("implausible query attribute count " + count);
        }
        int parameters = (int) count;
        Bytes nullBitmap = block.readFixedBytes((parameters + 7) / 8);
        if (block.readInt1() != 1) {
            throw new MalformedPacketException("new_params_bind_flag must be 1");
        }
        int[] types = new int[parameters];
        for (int i = 0; i < parameters; i++) {
            types[i] = block.readInt2() & 0xFF; // the high byte holds the unsigned flag
            block.readLenEncBytes(); // the name
        }
        for (int i = 0; i < parameters; i++) {
            if ((nullBitmap.unsignedAt(i / 8) & (1 << (i % 8))) == 0) {
                BinaryValue.skip(block, types[i]);
            }
        }
    }
}
