package io.grantgate.backend;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ComQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test-only (the edge tests use it as a raw client too): runs one query over a backend connection's raw reader/writer and returns its rows as text. */
public final class TextRows {

    private TextRows() {}

    /** The first column of the first row, null for SQL NULL. */
    public static String firstValue(BackendConnection connection, String sql) throws IOException {
        return rows(connection, sql).get(0).get(0);
    }

    public static List<List<String>> rows(BackendConnection connection, String sql) throws IOException {
        connection.writer().write(0, ComQuery.of(sql, connection.capabilities()).encode());
        connection.writer().flush();
        PacketBuffer packet = new PacketBuffer();
        connection.reader().read(packet);
        if (packet.firstByte() == 0xFF || packet.firstByte() == 0x00) {
            throw new IllegalStateException("not a result set: 0x" + Integer.toHexString(packet.firstByte()));
        }
        long columns = packet.reader().readLenEncInt();
        for (long i = 0; i < columns; i++) {
            connection.reader().read(packet);
        }
        boolean deprecateEof = connection.capabilities().contains(CapabilityFlag.CLIENT_DEPRECATE_EOF);
        if (!deprecateEof) {
            connection.reader().read(packet);
        }
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            connection.reader().read(packet);
            if (packet.firstByte() == 0xFE && packet.length() < 0xFFFFFF) {
                return rows;
            }
            PayloadReader row = packet.reader();
            List<String> values = new ArrayList<>();
            for (long i = 0; i < columns; i++) {
                if (row.nextIsNull()) {
                    row.skip(1);
                    values.add(null);
                } else {
                    values.add(row.readLenEncBytes().asString(StandardCharsets.UTF_8));
                }
            }
            rows.add(values);
        }
    }
}
