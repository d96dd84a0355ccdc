package io.grantgate.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the parameter block of a COM_STMT_EXECUTE, the part after the statement id, flags and
 * iteration count, in the classic layout (no query attributes, no MariaDB bulk operations):
 * <pre>
 *   NULL bitmap       (n + 7) / 8 bytes, bit i for parameter i
 *   new-params-bound  int&lt;1&gt;; when not 0, n times: type int&lt;1&gt;, flags int&lt;1&gt; (0x80 unsigned)
 *   values            for each parameter neither NULL nor sent as long data, its binary value
 * </pre>
 * A parameter that got long data is never in the payload, whatever its NULL bit says, as the
 * server reads it from the long data. Stateless; the statement's state is the caller's.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">MariaDB: COM_STMT_EXECUTE</a>
 */
final class ExecuteDecoder {

    private ExecuteDecoder() {}

    /**
     * @param in positioned after the iteration count
     * @throws Undecodable when the block is truncated, names a type without a binary form, or sends
     *     no types for a statement that never had any
     */
    static List<AuditValue> decode(StatementState statement, ValueReader in, int cap) {
        int count = statement.parameterCount;
        if (count == 0) {
            return List.of();
        }
        int nullBitmap = in.take((count + 7) / 8);
        // the server takes any non-zero byte as "types follow"
        if (in.int1() != 0) {
            // kept even when a value below turns out bad: the server has bound them by then too
            statement.bindTypes(in.buffer(), in.take(2 * count));
        } else if (!statement.hasTypes()) {
            throw new Undecodable("no parameter types: the client never sent them for this statement");
        }
        byte[] payload = in.buffer();
        List<AuditValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int code = statement.typeCode(i);
            boolean unsigned = statement.unsigned(i);
            String type = ColumnTypes.name(code, unsigned && ColumnTypes.isInteger(code));
            LongData longData = statement.longData(i);
            if (longData != null) {
                values.add(longData.value(type, ColumnTypes.isBinary(code)));
            } else if ((payload[nullBitmap + i / 8] & (1 << (i % 8))) != 0) {
                values.add(ParameterValue.nullValue(type));
            } else {
                try {
                    values.add(ParameterValue.read(in, code, unsigned, type, cap));
                } catch (Undecodable e) {
                    throw new Undecodable("parameter " + i + " (" + type + "): " + e.getMessage());
                }
            }
        }
        return values;
    }
}
