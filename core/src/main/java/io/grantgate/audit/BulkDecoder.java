package io.grantgate.audit;

import io.grantgate.audit.AuditValue.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the rows of a MariaDB COM_STMT_BULK_EXECUTE after its statement id:
 * <pre>
 *   bulk flags   int&lt;2&gt;: 128 SEND_TYPES_TO_SERVER, 64 SEND_UNIT_RESULTS
 *   types        with SEND_TYPES_TO_SERVER, n times: type int&lt;1&gt;, flags int&lt;1&gt; (0x80 unsigned)
 *   rows         to the end of the packet, each n times: indicator int&lt;1&gt; (0 a value follows,
 *                1 NULL, 2 DEFAULT, 3 IGNORE), then the value in the binary form of its type
 * </pre>
 * Every row is read, to count them and to find a truncated one; the values of the first rows are
 * kept while they stay within the cap (the first row always), counting each value's bytes (at most
 * the cap) plus {@value #RECORDED_BYTES_PER_VALUE} for its place in the record, so that a 10 000-row
 * batch is recorded as its first rows and its row count, in a record of about the cap, not as
 * megabytes of values. Stateless.
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_bulk_execute">MariaDB: COM_STMT_BULK_EXECUTE</a>
 */
final class BulkDecoder {

    private static final int SEND_TYPES_TO_SERVER = 128;

    /**
     * What a value costs in the record beyond its bytes ({@code {"type":"VAR_STRING","value":…}}):
     * counted so that the rows kept make a record of about the cap, not many times it.
     */
    static final int RECORDED_BYTES_PER_VALUE = 32;

    private static final int INDICATOR_NONE = 0;
    private static final int INDICATOR_NULL = 1;
    private static final int INDICATOR_DEFAULT = 2;
    private static final int INDICATOR_IGNORE = 3;

    private BulkDecoder() {}

    /**
     * @param in positioned after the statement id
     * @param cap the most bytes of values to keep, and of one string or binary value
     * @throws Undecodable when a row is cut short, an indicator is unknown, a type has no binary form,
     *     or the statement's types were never sent
     */
    static BulkRows decode(StatementState statement, ValueReader in, int cap) {
        int flags = (int) in.fixed(2);
        int count = statement.parameterCount;
        if (count == 0) {
            // a row of no values takes no bytes: the count could not be told, and the server refuses it
            throw new Undecodable("a bulk execute of a statement without parameters");
        }
        if ((flags & SEND_TYPES_TO_SERVER) != 0) {
            statement.bindTypes(in.buffer(), in.take(2 * count));
        } else if (!statement.hasTypes()) {
            throw new Undecodable("no parameter types: the client never sent them for this statement");
        }
        String[] types = new String[count];
        for (int i = 0; i < count; i++) {
            int code = statement.typeCode(i);
            types[i] = ColumnTypes.name(code, statement.unsigned(i) && ColumnTypes.isInteger(code));
        }
        List<List<AuditValue>> kept = new ArrayList<>();
        long keptBytes = 0;
        long total = 0;
        while (in.remaining() > 0) {
            List<AuditValue> row = new ArrayList<>(count);
            long rowBytes = 0;
            for (int i = 0; i < count; i++) {
                AuditValue value = value(statement, in, i, types[i], cap, total);
                rowBytes += Math.min(value.length(), cap) + RECORDED_BYTES_PER_VALUE;
                row.add(value);
            }
            total++;
            if (kept.isEmpty() || keptBytes + rowBytes <= cap) {
                kept.add(row);
                keptBytes += rowBytes;
            }
        }
        if (total == 0) {
            throw new Undecodable("a bulk execute without rows");
        }
        return new BulkRows(kept, total);
    }

    private static AuditValue value(StatementState statement, ValueReader in, int i, String type, int cap, long row) {
        try {
            return switch (in.int1()) {
                case INDICATOR_NONE -> ParameterValue.read(in, statement.typeCode(i), statement.unsigned(i), type, cap);
                case INDICATOR_NULL -> ParameterValue.nullValue(type);
                case INDICATOR_DEFAULT -> indicator(type, Kind.DEFAULT);
                case INDICATOR_IGNORE -> indicator(type, Kind.IGNORE);
                default -> throw in.failure("an unknown indicator");
            };
        } catch (Undecodable e) {
            throw new Undecodable("row " + (row + 1) + ", parameter " + i + " (" + type + "): " + e.getMessage());
        }
    }

    private static AuditValue indicator(String type, Kind kind) {
        return new AuditValue(type, kind, Optional.empty(), 0, Optional.empty());
    }
}
