package io.grantgate.audit;

import java.util.List;

/**
 * The parameter rows of one MariaDB COM_STMT_BULK_EXECUTE, as the audit records them: the first
 * rows in full, as many as fit in the value cap (at least one), and how many rows the command
 * carried.
 *
 * @param rows the rows kept, each with one value per parameter; a single row holding one
 *     {@value PreparedStatements#UNDECODABLE} value when the command could not be read
 * @param total rows in the command; -1 when it could not be read to its end
 */
public record BulkRows(List<List<AuditValue>> rows, long total) {

    public BulkRows {
        rows = rows.stream().map(List::copyOf).toList();
    }

    static BulkRows undecodable(List<AuditValue> reason) {
        return new BulkRows(List.of(reason), -1);
    }
}
