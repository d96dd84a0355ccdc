package io.grantgate.protocol.message.client;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.CommandType;
import java.util.Objects;

/**
 * COM_INIT_DB: 0x02 and the schema name to the end of the packet, as USE does.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_init_db.html">COM_INIT_DB</a>
 */
public record ComInitDb(String schema) {

    public ComInitDb {
        Objects.requireNonNull(schema, "schema");
    }

    public static ComInitDb decode(PayloadReader payload) throws MalformedPacketException {
        if (payload.readInt1() != CommandType.COM_INIT_DB.code()) {
            throw new MalformedPacketException("not COM_INIT_DB");
        }
        return new ComInitDb(payload.readRestName());
    }

    public byte[] encode() {
        return new PayloadWriter(1 + schema.length())
                .writeInt1(CommandType.COM_INIT_DB.code())
                .writeString(schema)
                .toByteArray();
    }
}
