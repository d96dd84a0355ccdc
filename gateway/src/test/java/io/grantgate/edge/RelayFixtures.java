package io.grantgate.edge;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_OPTIONAL_RESULTSET_METADATA;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_CACHE_METADATA;
import static io.grantgate.protocol.constant.CapabilityFlag.MARIADB_CLIENT_PROGRESS;

import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recorded exchanges of fixtures/protocol, for the relay tests. They are loaded by name from the
 * list below, not through {@link ExchangeFixture#all()}: that lists a directory, which the fixtures
 * no longer are once they come from a test-jar. {@code RelayFixturesTest} checks the list against
 * the directory wherever there is one.
 */
final class RelayFixtures {

    static final List<String> NAMES = List.of(
            "err-only",
            "error-in-second-statement",
            "error-mid-result",
            "execute-binary-deprecate-eof",
            "execute-binary-eof",
            "execute-call-out-params",
            "execute-cursor-deprecate-eof",
            "execute-cursor-eof",
            "execute-local-infile",
            "execute-local-infile-bad-row",
            "fetch-last",
            "fetch",
            "field-list",
            "local-infile",
            "mariadb-cache-metadata",
            "mariadb-progress",
            "multi-statement-deprecate-eof",
            "multi-statement-eof",
            "mysql-optional-metadata",
            "ok-in-transaction",
            "ping",
            "prepare-columns-only",
            "prepare-deprecate-eof",
            "prepare-eof",
            "prepare-error",
            "prepare-nothing",
            "row-starting-with-null",
            "set-option",
            "statistics",
            "stmt-close",
            "stored-procedure",
            "text-result-deprecate-eof",
            "text-result-eof");

    /**
     * The flags that change where a response ends. Fixtures that agree on them can follow one another
     * in one session, whose capabilities are the union of theirs; the other flags (multi-statements,
     * LOCAL INFILE, session tracking...) change no response's framing.
     */
    private static final Set<CapabilityFlag> SHAPING = Set.of(
            CLIENT_DEPRECATE_EOF,
            CLIENT_OPTIONAL_RESULTSET_METADATA,
            MARIADB_CLIENT_CACHE_METADATA,
            MARIADB_CLIENT_PROGRESS);

    /** Fixtures that one session can replay in a row, and that session's capabilities. */
    record Group(String name, Capabilities capabilities, List<ExchangeFixture> fixtures) {
        @Override
        public String toString() {
            return name;
        }
    }

    private RelayFixtures() {}

    static ExchangeFixture load(String name) {
        return ExchangeFixture.load(name + ".exchange");
    }

    /** Every fixture in one group or another, groups in the order of their first fixture. */
    static List<Group> groups() {
        Map<Set<CapabilityFlag>, List<ExchangeFixture>> byShape = new LinkedHashMap<>();
        for (String name : NAMES) {
            ExchangeFixture fixture = load(name);
            if (!fixture.capabilities().contains(CLIENT_PROTOCOL_41)) {
                throw new IllegalStateException(name + ": the grouping assumes CLIENT_PROTOCOL_41");
            }
            Set<CapabilityFlag> shape = fixture.capabilities().toSet(); // a fresh EnumSet
            shape.retainAll(SHAPING);
            byShape.computeIfAbsent(shape, s -> new ArrayList<>()).add(fixture);
        }
        List<Group> groups = new ArrayList<>();
        byShape.forEach((shape, fixtures) -> {
            Capabilities union =
                    fixtures.stream().map(ExchangeFixture::capabilities).reduce(Capabilities.NONE, Capabilities::union);
            String name = shape.isEmpty() ? "classic EOF" : shape.toString();
            groups.add(new Group(name, union, List.copyOf(fixtures)));
        });
        return groups;
    }

    /**
     * A command of the fixture's type as a client would send it; the fixtures hold only what follows
     * the command. {@code n} makes each command of a session different, so a command relayed twice
     * or swapped with another shows. No query uses the words USE or EXECUTE, which would mark the
     * backend's schema as changed.
     */
    static byte[] command(CommandType type, int n) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(type.code());
        switch (type) {
            case COM_QUERY -> payload.writeBytes(("SELECT " + n + " AS step").getBytes(StandardCharsets.US_ASCII));
            case COM_STMT_PREPARE ->
                payload.writeBytes(("SELECT CONCAT(?, ?) AS c" + n).getBytes(StandardCharsets.US_ASCII));
            case COM_STMT_EXECUTE -> {
                int4(payload, n);
                payload.write(0); // no cursor
                int4(payload, 1); // iteration count
            }
            case COM_STMT_FETCH -> {
                int4(payload, n);
                int4(payload, 2); // rows
            }
            case COM_STMT_CLOSE, COM_STMT_RESET -> int4(payload, n);
            case COM_FIELD_LIST -> payload.writeBytes(("t" + n + "\0").getBytes(StandardCharsets.US_ASCII));
            case COM_SET_OPTION -> payload.writeBytes(new byte[] {1, 0}); // MYSQL_OPTION_MULTI_STATEMENTS_OFF
            case COM_PING, COM_STATISTICS -> {}
            default -> throw new IllegalArgumentException("no command of type " + type + " made here");
        }
        return payload.toByteArray();
    }

    /** A command of a type followed by text: COM_QUERY, COM_INIT_DB... */
    static byte[] payload(CommandType type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[1 + bytes.length];
        payload[0] = (byte) type.code();
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return payload;
    }

    /** COM_STMT_SEND_LONG_DATA: a piece of parameter 0 of statement {@code statement}. */
    static byte[] sendLongData(int statement, byte[] data) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(CommandType.COM_STMT_SEND_LONG_DATA.code());
        int4(payload, statement);
        payload.write(0);
        payload.write(0);
        payload.writeBytes(data);
        return payload.toByteArray();
    }

    private static void int4(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
