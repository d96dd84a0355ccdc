package io.grantgate.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads the protocol's basic types from one payload, front to back. Every read checks the bounds
 * first and throws {@link MalformedPacketException} when the payload is too short, so a decoder
 * built on this cannot fail with an index exception whatever the client sent.
 *
 * <p>Names (user, schema, plugin) decode as strict UTF-8: an identity must not be reinterpreted.
 * Free text (info, error messages, connection attributes) decodes leniently.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">Basic Data Types</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/protocol-data-types">MariaDB: Protocol Data Types</a>
 */
public final class PayloadReader {

    private final byte[] buffer;
    private final int start;
    private final int end;
    private int position;

    /** Reads {@code length} bytes of {@code buffer} from {@code offset}; the array is not copied. */
    public PayloadReader(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
    }

    public static PayloadReader of(byte[] payload) {
        return new PayloadReader(payload, 0, payload.length);
    }

    /** Bytes read so far. */
    public int position() {
        return position - start;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** The next byte as 0..255, without consuming it. */
    public int peekInt1() throws MalformedPacketException {
        require(1, "int<1>");
        return buffer[position] & 0xFF;
    }

    public int readInt1() throws MalformedPacketException {
        return (int) readFixedInt(1);
    }

    public int readInt2() throws MalformedPacketException {
        return (int) readFixedInt(2);
    }

    public int readInt3() throws MalformedPacketException {
        return (int) readFixedInt(3);
    }

    /** An unsigned int&lt;4&gt;. */
    public long readInt4() throws MalformedPacketException {
        return readFixedInt(4);
    }

    /** An int&lt;8&gt;, its 64 bits as they are: values above {@code Long.MAX_VALUE} come out negative. */
    public long readInt8() throws MalformedPacketException {
        return readFixedInt(8);
    }

    /** A little-endian int&lt;size&gt;, 1 &le; size &le; 8. */
    public long readFixedInt(int size) throws MalformedPacketException {
        if (size < 1 || size > 8) {
            throw new IllegalArgumentException("int<" + size + "> is not a protocol type");
        }
        require(size, "int<" + size + ">");
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (buffer[position + i] & 0xFFL) << (8 * i);
        }
        position += size;
        return value;
    }

    /** True when the next byte is 0xFB, the NULL of a length-encoded value; nothing is consumed. */
    public boolean nextIsNull() throws MalformedPacketException {
        return peekInt1() == 0xFB;
    }

    /**
     * An int&lt;lenenc&gt;: one byte below 0xFB, or 0xFC/0xFD/0xFE and 2, 3 or 8 more bytes. NULL
     * (0xFB) and the undefined 0xFF are malformed here; check {@link #nextIsNull()} where NULL may
     * appear. The 0xFE form returns its 64 bits as they are.
     */
    public long readLenEncInt() throws MalformedPacketException {
        int first = readInt1();
        return switch (first) {
            case 0xFB -> throw malformed("NULL where a length-encoded integer is required");
            case 0xFC -> readFixedInt(2);
            case 0xFD -> readFixedInt(3);
            case 0xFE -> readFixedInt(8);
            case 0xFF -> throw malformed("0xFF is not a length-encoded integer");
            default -> first;
        };
    }

    /** A length-encoded length that must fit in what is left of the payload. */
    public int readLength() throws MalformedPacketException {
        long length = readLenEncInt();
        if (length < 0 || length > remaining()) {
            throw malformed("length " + Long.toUnsignedString(length) + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    /** A byte&lt;lenenc&gt;. */
    public Bytes readLenEncBytes() throws MalformedPacketException {
        return readFixedBytes(readLength());
    }

    /** A string&lt;lenenc&gt; of free text, UTF-8, malformed sequences replaced. */
    public String readLenEncString() throws MalformedPacketException {
        int length = readLength();
        String text = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    public Bytes readFixedBytes(int length) throws MalformedPacketException {
        require(length, length + " bytes");
        Bytes bytes = Bytes.copyOf(buffer, position, length);
        position += length;
        return bytes;
    }

    /** A string[length] of ASCII, such as an SQLSTATE. */
    public String readFixedAscii(int length) throws MalformedPacketException {
        require(length, length + " bytes");
        String text = new String(buffer, position, length, StandardCharsets.US_ASCII);
        position += length;
        return text;
    }

    public void skip(int length) throws MalformedPacketException {
        require(length, length + " bytes");
        position += length;
    }

    /** A string&lt;NUL&gt; that names something, strict UTF-8. */
    public String readNulString() throws MalformedPacketException {
        int nul = indexOfNul();
        if (nul < 0) {
            throw malformed("missing NUL terminator");
        }
        String text = strictUtf8(position, nul - position);
        position = nul + 1;
        return text;
    }

    /** A byte string up to a NUL, which is consumed but not returned. */
    public Bytes readNulBytes() throws MalformedPacketException {
        int nul = indexOfNul();
        if (nul < 0) {
            throw malformed("missing NUL terminator");
        }
        Bytes bytes = Bytes.copyOf(buffer, position, nul - position);
        position = nul + 1;
        return bytes;
    }

    /**
     * A string&lt;NUL&gt; that is the last field, read as string&lt;EOF&gt; when the NUL is missing:
     * some clients and old servers leave it off the plugin name at the end of a packet.
     */
    public String readNulOrRestString() throws MalformedPacketException {
        int nul = indexOfNul();
        int stop = nul < 0 ? end : nul;
        String text = strictUtf8(position, stop - position);
        position = nul < 0 ? end : nul + 1;
        return text;
    }

    /** A byte&lt;EOF&gt;: everything left. */
    public Bytes readRestBytes() {
        Bytes bytes = Bytes.copyOf(buffer, position, remaining());
        position = end;
        return bytes;
    }

    /** A string&lt;EOF&gt; of free text, UTF-8, malformed sequences replaced. */
    public String readRestString() {
        String text = new String(buffer, position, remaining(), StandardCharsets.UTF_8);
        position = end;
        return text;
    }

    /** A string&lt;EOF&gt; that names something, strict UTF-8. */
    public String readRestName() throws MalformedPacketException {
        String text = strictUtf8(position, remaining());
        position = end;
        return text;
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    public PayloadReader slice(int length) throws MalformedPacketException {
        require(length, length + " bytes");
        PayloadReader slice = new PayloadReader(buffer, position, length);
        position += length;
        return slice;
    }

    /** An independent reader over the same bytes, at the same position. */
    public PayloadReader duplicate() {
        PayloadReader copy = new PayloadReader(buffer, start, end - start);
        copy.position = position;
        return copy;
    }

    private int indexOfNul() {
        for (int i = position; i < end; i++) {
            if (buffer[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private String strictUtf8(int offset, int length) throws MalformedPacketException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("a name that is not valid UTF-8");
        }
    }

    private void require(int length, String what) throws MalformedPacketException {
        if (length < 0 || length > remaining()) {
            throw malformed(what + " needed, " + remaining() + " bytes left");
        }
    }

    private MalformedPacketException malformed(String problem) {
        return new MalformedPacketException(problem + " at offset " + position());
    }
}
