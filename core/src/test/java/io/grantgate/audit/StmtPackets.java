package io.grantgate.audit;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;

/** Builds the client packets of prepared statements byte by byte, as a client library would send them. */
final class StmtPackets {

    static final int UNSIGNED = 0x80;

    private StmtPackets() {}

    static Execute execute(long statementId) {
        return new Execute(statementId);
    }

    static Bulk bulk(long statementId) {
        return new Bulk(statementId);
    }

    static byte[] longData(long statementId, int parameter, byte[] data) {
        Bytes out = new Bytes().int1(0x18).int4(statementId).int2(parameter);
        out.out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] reset(long statementId) {
        return new Bytes().int1(0x1A).int4(statementId).toByteArray();
    }

    static byte[] close(long statementId) {
        return new Bytes().int1(0x19).int4(statementId).toByteArray();
    }

    static byte[] fetch(long statementId, long rows) {
        return new Bytes().int1(0x1C).int4(statementId).int4(rows).toByteArray();
    }

    /** Little-endian integers and length-encoded strings. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes int1(int value) {
            out.write(value);
            return this;
        }

        Bytes int2(int value) {
            return fixed(value, 2);
        }

        Bytes int4(long value) {
            return fixed(value, 4);
        }

        Bytes int8(long value) {
            return fixed(value, 8);
        }

        Bytes fixed(long value, int size) {
            for (int i = 0; i < size; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        Bytes lengthEncoded(byte[] value) {
            if (value.length < 0xFB) {
                int1(value.length);
            } else if (value.length < 1 << 16) {
                int1(0xFC).int2(value.length);
            } else if (value.length < 1 << 24) {
                int1(0xFD).fixed(value.length, 3);
            } else {
                int1(0xFE).int8(value.length);
            }
            out.writeBytes(value);
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** A COM_STMT_EXECUTE: parameters in order, each with its type, flags and binary value. */
    static final class Execute {
        private final long statementId;
        private final Bytes types = new Bytes();
        private final Bytes values = new Bytes();
        private final BitSet nulls = new BitSet();
        private int count;
        private boolean sendTypes = true;

        Execute(long statementId) {
            this.statementId = statementId;
        }

        /** A parameter whose value bytes (already in binary form) follow inline. */
        Execute param(int type, int flags, byte[] value) {
            types.int1(type).int1(flags);
            values.raw(value);
            count++;
            return this;
        }

        Execute param(int type, byte[] value) {
            return param(type, 0, value);
        }

        /** A parameter whose NULL bit is set. */
        Execute nullParam(int type) {
            nulls.set(count);
            return param(type, 0, new byte[0]);
        }

        /** A parameter whose value came as long data: nothing inline. */
        Execute longDataParam(int type) {
            return param(type, 0, new byte[0]);
        }

        /** new-params-bound 0: the server uses the types of the previous execute. */
        Execute withoutTypes() {
            sendTypes = false;
            return this;
        }

        byte[] build() {
            Bytes out = new Bytes().int1(0x17).int4(statementId).int1(0).int4(1);
            if (count > 0) {
                byte[] bitmap = new byte[(count + 7) / 8];
                byte[] set = nulls.toByteArray();
                System.arraycopy(set, 0, bitmap, 0, set.length);
                out.raw(bitmap).int1(sendTypes ? 1 : 0);
                if (sendTypes) {
                    out.raw(types.toByteArray());
                }
                out.raw(values.toByteArray());
            }
            return out.toByteArray();
        }
    }

    /** A MariaDB COM_STMT_BULK_EXECUTE: the parameter types once, then rows of indicator and value. */
    static final class Bulk {
        /** Bulk flag: the types follow the flags. */
        static final int SEND_TYPES = 128;

        static final int NONE = 0;
        static final int NULL = 1;
        static final int DEFAULT = 2;
        static final int IGNORE = 3;

        private final long statementId;
        private final Bytes types = new Bytes();
        private final Bytes rows = new Bytes();
        private boolean sendTypes = true;

        Bulk(long statementId) {
            this.statementId = statementId;
        }

        Bulk type(int type, int flags) {
            types.int1(type).int1(flags);
            return this;
        }

        /** A value: indicator NONE and its binary form. */
        Bulk value(byte[] value) {
            rows.int1(NONE).raw(value);
            return this;
        }

        /** NULL, DEFAULT or IGNORE: an indicator without a value. */
        Bulk indicator(int indicator) {
            rows.int1(indicator);
            return this;
        }

        Bulk withoutTypes() {
            sendTypes = false;
            return this;
        }

        byte[] build() {
            Bytes out = new Bytes().int1(0xFA).int4(statementId).int2(sendTypes ? SEND_TYPES : 0);
            if (sendTypes) {
                out.raw(types.toByteArray());
            }
            return out.raw(rows.toByteArray()).toByteArray();
        }
    }

    static byte[] int1(int value) {
        return new Bytes().int1(value).toByteArray();
    }

    static byte[] int2(int value) {
        return new Bytes().int2(value).toByteArray();
    }

    static byte[] int4(long value) {
        return new Bytes().int4(value).toByteArray();
    }

    static byte[] int8(long value) {
        return new Bytes().int8(value).toByteArray();
    }

    static byte[] lengthEncoded(byte[] value) {
        return new Bytes().lengthEncoded(value).toByteArray();
    }
}
