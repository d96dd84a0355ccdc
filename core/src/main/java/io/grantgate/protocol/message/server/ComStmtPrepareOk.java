package io.grantgate.protocol.message.server;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.PayloadWriter;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;

/**
 * COM_STMT_PREPARE_OK, the first packet of a successful prepare: 0x00, int&lt;4&gt; statement id,
 * int&lt;2&gt; columns, int&lt;2&gt; parameters, a filler byte, int&lt;2&gt; warnings, and with
 * CLIENT_OPTIONAL_RESULTSET_METADATA a metadata_follows byte. The parameter and column definitions
 * (each block ended by an EOF unless CLIENT_DEPRECATE_EOF) follow as packets of their own.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_prepare">MariaDB: COM_STMT_PREPARE</a>
 */
public record ComStmtPrepareOk(long statementId, int numColumns, int numParams, int warnings, boolean metadataFollows) {

    public static final int HEADER = 0x00;

    /** enum_resultset_metadata RESULTSET_METADATA_FULL. */
    private static final int METADATA_FULL = 1;

    public ComStmtPrepareOk {
        if (statementId < 0 || statementId > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("statement id must fit in int<4>");
        }
        EofPacket.checkUnsigned16(numColumns, "numColumns");
        EofPacket.checkUnsigned16(numParams, "numParams");
        EofPacket.checkUnsigned16(warnings, "warnings");
    }

    public static ComStmtPrepareOk decode(PayloadReader payload, Capabilities capabilities)
            throws MalformedPacketException {
        if (payload.readInt1() != HEADER) {
            throw new MalformedPacketException("not a COM_STMT_PREPARE_OK");
        }
        long statementId = payload.readInt4();
        int columns = payload.readInt2();
        int params = payload.readInt2();
        payload.skip(1);
        int warnings = payload.remaining() >= 2 ? payload.readInt2() : 0;
        boolean metadata = true;
        if (capabilities.contains(CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA) && payload.hasRemaining()) {
            metadata = payload.readInt1() == METADATA_FULL;
        }
        return new ComStmtPrepareOk(statementId, columns, params, warnings, metadata);
    }

    public byte[] encode(Capabilities capabilities) {
        PayloadWriter out = new PayloadWriter(13)
                .writeInt1(HEADER)
                .writeInt4(statementId)
                .writeInt2(numColumns)
                .writeInt2(numParams)
                .writeInt1(0)
                .writeInt2(warnings);
        if (capabilities.contains(CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA)) {
            out.writeInt1(metadataFollows ? METADATA_FULL : 0);
        }
        return out.toByteArray();
    }
}
