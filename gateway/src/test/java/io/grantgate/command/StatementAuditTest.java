package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditEvent;
import io.grantgate.audit.AuditMode;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What one session's statement audit records of the commands and responses it is told about. */
class StatementAuditTest {

    private static final Capabilities CAPABILITIES =
            Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41, CapabilityFlag.CLIENT_DEPRECATE_EOF);

    private final CollectingTrail trail = new CollectingTrail(AuditMode.ASYNC);
    private final StatementAudit audit = new StatementAudit(
            new AuditPolicy(trail, "gw", AuditLevel.STATEMENTS, 1024, Clock.systemUTC()),
            5,
            "alice",
            AuditLevel.STATEMENTS);
    private final ResponseTracker tracker = new ResponseTracker(CAPABILITIES);

    @Test
    void passwordsNeverReachTheTrail() throws Exception {
        send(CommandType.COM_QUERY, text("SET PASSWORD = 'hunter2'"));
        respond(CommandType.COM_QUERY, "00 00 00 02 00 00 00");
        // a prepared statement naming a password: its values are withheld, their lengths kept
        send(CommandType.COM_STMT_PREPARE, text("ALTER USER CURRENT_USER() IDENTIFIED BY ?"));
        respond(CommandType.COM_STMT_PREPARE, "00 09 00 00 00 00 00 01 00 00 00 00");
        send(CommandType.COM_STMT_EXECUTE, execute9("hunter2"));
        respond(CommandType.COM_STMT_EXECUTE, "00 00 00 02 00 00 00");

        assertThat(trail.events(AuditEvent.Statement.class))
                .extracting(s -> s.text().orElse("") + " " + s.parameters())
                .containsExactly(
                        "SET PASSWORD = '<secret>' []",
                        "ALTER USER CURRENT_USER() IDENTIFIED BY ? []",
                        " [AuditValue[type=VAR_STRING, kind=TEXT, value=Optional[<secret>], length=7, sha256=Optional.empty]]");
        assertThat(trail.events().toString()).doesNotContain("hunter2");
    }

    @Test
    void anAccountWhoseLevelDropsIsNoLongerRecordedFromTheNextCommand() throws Exception {
        send(CommandType.COM_QUERY, text("SELECT 1"));
        respond(CommandType.COM_QUERY, "00 00 00 02 00 00 00");
        audit.statements(false);
        send(CommandType.COM_QUERY, text("SELECT 2"));
        respond(CommandType.COM_QUERY, "00 00 00 02 00 00 00");

        assertThat(trail.events(AuditEvent.Statement.class))
                .extracting(s -> s.text().orElseThrow())
                .containsExactly("SELECT 1");
        assertThat(audit.commands()).isEqualTo(2);
    }

    private void send(CommandType type, byte[] rest) {
        byte[] payload = new byte[rest.length + 1];
        payload[0] = (byte) type.code();
        System.arraycopy(rest, 0, payload, 1, rest.length);
        assertThat(audit.sending(type, payload, 0, payload.length)).isTrue();
    }

    /** One-packet responses (OK, or a PREPARE_OK with one parameter whose definition follows). */
    private void respond(CommandType type, String hex) throws Exception {
        tracker.begin(type);
        byte[] packet = HexFormat.ofDelimiter(" ").parseHex(hex);
        ResponseTracker.Next next = tracker.onServerPacket(packet, 0, packet.length, packet.length);
        while (next == ResponseTracker.Next.SERVER) {
            byte[] definition = HexFormat.ofDelimiter(" ")
                    .parseHex("03 64 65 66 00 00 00 01 3f 00 0c 3f 00 00 00 00 00 fd 80 00 00 00 00");
            next = tracker.onServerPacket(definition, 0, definition.length, definition.length);
        }
        audit.answered(tracker.summary());
    }

    private static byte[] text(String sql) {
        return sql.getBytes(StandardCharsets.UTF_8);
    }

    /** COM_STMT_EXECUTE of statement 9 with one VAR_STRING value. */
    private static byte[] execute9(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {9, 0, 0, 0, 0, 1, 0, 0, 0}); // id, flags, iterations
        out.write(0); // NULL bitmap
        out.write(1); // types follow
        out.writeBytes(new byte[] {(byte) 0xfd, 0}); // VAR_STRING
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }
}
