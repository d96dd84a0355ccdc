package io.grantgate.audit;

import java.util.Arrays;

/**
 * What the audit knows of one prepared statement: its parameter count from the prepare, the types
 * the client last bound, and the long data sent since the last execute or reset. Confined to its
 * session's thread, like {@link PreparedStatements}.
 */
final class StatementState {

    private static final LongData[] NO_LONG_DATA = {};

    final int parameterCount;

    /** Two bytes a parameter as the client sent them (type, flags); null until it sends them. */
    private byte[] types;

    /** By parameter index, as long as the highest index that got long data. */
    private LongData[] longData = NO_LONG_DATA;

    StatementState(int parameterCount) {
        this.parameterCount = parameterCount;
    }

    boolean hasTypes() {
        return types != null;
    }

    void bindTypes(byte[] payload, int at) {
        types = Arrays.copyOfRange(payload, at, at + 2 * parameterCount);
    }

    int typeCode(int parameter) {
        return types[2 * parameter] & 0xFF;
    }

    boolean unsigned(int parameter) {
        return (types[2 * parameter + 1] & 0x80) != 0;
    }

    /** The long data of a parameter, or null when none came since the last execute or reset. */
    LongData longData(int parameter) {
        return parameter < longData.length ? longData[parameter] : null;
    }

    LongData longDataFor(int parameter) {
        if (parameter >= longData.length) {
            longData = Arrays.copyOf(longData, parameter + 1);
        }
        LongData data = longData[parameter];
        if (data == null) {
            data = new LongData();
            longData[parameter] = data;
        }
        return data;
    }

    /** Forgets the long data and gives its bytes back, as the server does after execute and on reset. */
    void clearLongData(MemoryBudget budget) {
        for (LongData data : longData) {
            if (data != null) {
                budget.give(data.footprint());
            }
        }
        longData = NO_LONG_DATA;
    }
}
