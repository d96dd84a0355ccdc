package io.grantgate.protocol.message.client;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;

/**
 * How long a Binary Protocol Value of each column type is, so that a parameter block can be walked
 * without decoding its values.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary Protocol Resultset (value encodings)</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html">field_types.h: enum_field_types</a>
 */
final class BinaryValue {

    private BinaryValue() {}

    static void skip(PayloadReader values, int type) throws MalformedPacketException {
        switch (type) {
            case 6 -> {} // NULL: no bytes
            case 1 -> values.skip(1); // TINY
            case 2, 13 -> values.skip(2); // SHORT, YEAR
            case 3, 4, 9 -> values.skip(4); // LONG, FLOAT, INT24
            case 5, 8 -> values.skip(8); // DOUBLE, LONGLONG
            case 7, 10, 11, 12 -> values.skip(values.readInt1()); // TIMESTAMP, DATE, TIME, DATETIME: length byte
            // DECIMAL, VARCHAR, BIT, VECTOR, JSON, NEWDECIMAL, ENUM, SET, the BLOBs, strings, GEOMETRY
            case 0, 15, 16, 242, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255 -> values.readLenEncBytes();
            default -> throw new MalformedPacketException("no binary value of column type " + type);
        }
    }
}
