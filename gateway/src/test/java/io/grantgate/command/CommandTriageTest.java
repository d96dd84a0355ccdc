package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommandTriageTest {

    /** The command sits at offset 5 of a longer array, as it does in a relay loop's buffer. */
    private static Triage decide(int commandByte, byte... rest) {
        byte[] buffer = new byte[5 + 1 + rest.length + 9];
        buffer[5] = (byte) commandByte;
        System.arraycopy(rest, 0, buffer, 6, rest.length);
        return CommandTriage.decide(buffer, 5, 1 + rest.length);
    }

    private static Triage query(String sql) {
        return decide(CommandType.COM_QUERY.code(), sql.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void relaysStatementsAndTrackableCommands() {
        assertThat(query("SELECT 1")).isEqualTo(new Triage.Relay(CommandType.COM_QUERY));
        assertThat(query("  select killer from t")).isEqualTo(new Triage.Relay(CommandType.COM_QUERY));
        assertThat(decide(CommandType.COM_STMT_EXECUTE.code(), new byte[9]))
                .isEqualTo(new Triage.Relay(CommandType.COM_STMT_EXECUTE));
        assertThat(decide(CommandType.COM_STMT_SEND_LONG_DATA.code(), new byte[6]))
                .isEqualTo(new Triage.Relay(CommandType.COM_STMT_SEND_LONG_DATA));
        assertThat(decide(CommandType.COM_PING.code())).isEqualTo(new Triage.Relay(CommandType.COM_PING));
    }

    @Test
    void allocatesNoDecisionToRelay() {
        assertThat(query("SELECT 1")).isSameAs(query("SELECT 2"));
    }

    @Test
    void quitAndChangeUserAreTheSessions() {
        assertThat(decide(CommandType.COM_QUIT.code())).isEqualTo(Triage.QUIT);
        assertThat(decide(CommandType.COM_CHANGE_USER.code(), (byte) 'u', (byte) 0))
                .isEqualTo(Triage.CHANGE_USER);
    }

    @Test
    void killsByConnectionIdAreAnsweredHere() {
        assertThat(query("KILL QUERY 42")).isEqualTo(new Triage.Kill(new KillTarget.ConnectionId(42), true));
        assertThat(query("kill 7;")).isEqualTo(new Triage.Kill(new KillTarget.ConnectionId(7), false));
        assertThat(query("KILL CONNECTION_ID()")).isEqualTo(new Triage.Kill(KillTarget.ITSELF, false));
        // COM_PROCESS_KILL: a 4-byte little-endian id, here 0x01020304
        assertThat(decide(CommandType.COM_PROCESS_KILL.code(), (byte) 4, (byte) 3, (byte) 2, (byte) 1))
                .isEqualTo(new Triage.Kill(new KillTarget.ConnectionId(0x01020304L), false));
    }

    @Test
    void aMultiStatementWithKillsByIdGoesToTheSessionsThreadAndAnExpressionToTheBackend() {
        assertThat(query("SELECT 1; KILL 1000000002"))
                .isEqualTo(new Triage.KillsInBatch(List.of(new KillId(16, 10, 1_000_000_002L))));
        assertThat(query("KILL @me")).isEqualTo(new Triage.Relay(CommandType.COM_QUERY));
        assertThat(query("SELECT 1; KILL CONNECTION_ID()")).isEqualTo(new Triage.Relay(CommandType.COM_QUERY));
    }

    @Test
    void aBatchPutsTheBackendIdsInPlaceOfTheGatewayIdsItIsGiven() {
        String sql = "SELECT 1; KILL 1000000002; KILL QUERY 1000000003; KILL 77";
        byte[] payload = new byte[3 + 1 + sql.length() + 4];
        payload[3] = (byte) CommandType.COM_QUERY.code();
        System.arraycopy(sql.getBytes(StandardCharsets.US_ASCII), 0, payload, 4, sql.length());
        Triage.KillsInBatch batch = (Triage.KillsInBatch) CommandTriage.decide(payload, 3, 1 + sql.length());

        byte[] rewritten = batch.rewrite(payload, 3, 1 + sql.length(), id -> id == 1_000_000_002L ? 41 : id);

        assertThat(rewritten[0]).isEqualTo((byte) CommandType.COM_QUERY.code());
        assertThat(new String(rewritten, 1, rewritten.length - 1, StandardCharsets.US_ASCII))
                .isEqualTo("SELECT 1; KILL 41; KILL QUERY 1000000003; KILL 77");
    }

    @Test
    void unsupportedKillsAreRefusedWith1235() {
        Triage triage = query("KILL USER bob");
        assertThat(triage).isInstanceOfSatisfying(Triage.Refuse.class, refuse -> {
            assertThat(refuse.error().errorCode()).isEqualTo(MySqlError.ER_NOT_SUPPORTED_YET.code());
            assertThat(refuse.reason()).contains("KILL USER bob");
        });
    }

    @Test
    void aShortProcessKillIsMalformed() {
        assertThat(decide(CommandType.COM_PROCESS_KILL.code(), (byte) 1, (byte) 2))
                .isInstanceOfSatisfying(
                        Triage.Refuse.class,
                        refuse -> assertThat(refuse.error().errorCode())
                                .isEqualTo(MySqlError.ER_MALFORMED_PACKET.code()));
    }

    @Test
    void unknownCodesAndEmptyPacketsGet1047() {
        assertThat(decide(0x7E))
                .isInstanceOfSatisfying(
                        Triage.Refuse.class,
                        refuse -> assertThat(refuse.error().errorCode())
                                .isEqualTo(MySqlError.ER_UNKNOWN_COM_ERROR.code()));
        assertThat(CommandTriage.decide(new byte[4], 2, 0))
                .isInstanceOfSatisfying(
                        Triage.Refuse.class,
                        refuse -> assertThat(refuse.error().sqlState()).isEqualTo("08S01"));
    }

    @ParameterizedTest
    @EnumSource(
            value = CommandType.class,
            names = {"COM_BINLOG_DUMP", "COM_BINLOG_DUMP_GTID", "COM_CLONE", "COM_SUBSCRIBE_GROUP_REPLICATION_STREAM"})
    void commandsWhoseResponseCannotBeDelimitedAreRefused(CommandType type) {
        assertThat(decide(type.code()))
                .isInstanceOfSatisfying(
                        Triage.Refuse.class,
                        refuse -> assertThat(refuse.error().errorCode())
                                .isEqualTo(MySqlError.ER_UNKNOWN_COM_ERROR.code()));
    }
}
