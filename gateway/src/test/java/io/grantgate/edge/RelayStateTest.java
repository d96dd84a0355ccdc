package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.command.StatementAudit;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.ServerStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RelayStateTest {

    private final RelayState state = new RelayState(
            new ResponseTracker(Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41)), StatementAudit.off());

    private void forward(CommandType type, String text) {
        byte[] payload = (" " + text).getBytes(StandardCharsets.UTF_8);
        payload[0] = (byte) type.code();
        state.forwarding(type, payload, 0, payload.length);
    }

    /** OK with status flags 0x0001 (in a transaction), at sequence id 1. */
    private void okInTransaction() throws Exception {
        ResponseTracker tracker = state.tracker();
        tracker.begin(CommandType.COM_QUERY);
        byte[] ok = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};
        tracker.onServerFrame(ok.length, ok, 0, ok.length);
        state.responded();
    }

    @Test
    void commandsWithoutAResponseLeaveTheFreshSessionsStatus() {
        forward(CommandType.COM_STMT_CLOSE, "\1\0\0\0");
        state.tracker().begin(CommandType.COM_STMT_CLOSE);
        state.responded();

        assertThat(state.statusFlags()).isEqualTo(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());
    }

    @Test
    void afterAResponseTheStatusIsTheBackendsLast() throws Exception {
        forward(CommandType.COM_QUERY, "BEGIN");
        okInTransaction();

        assertThat(state.statusFlags()).isEqualTo(ServerStatus.SERVER_STATUS_IN_TRANS.mask());
        assertThat(state.backendEnding())
                .as("a session that ends in a transaction leaves its locks on the connection")
                .isEqualTo(BackendLease.Ending.HOLDS_LOCKS);
    }

    @Test
    void aTransactionOverLeavesNothingToCloseFor() throws Exception {
        forward(CommandType.COM_QUERY, "BEGIN");
        okInTransaction();
        forward(CommandType.COM_QUERY, "COMMIT");
        ok(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());

        assertThat(state.backendEnding()).isEqualTo(BackendLease.Ending.SCHEMA_KEPT);
    }

    @Test
    void aStatementThatMayTakeALockOutlivingItHoldsTheConnectionForClosing() throws Exception {
        forward(CommandType.COM_QUERY, "SELECT GET_LOCK('a', 0)");
        ok(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());
        forward(CommandType.COM_QUERY, "SELECT 1");
        ok(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());

        assertThat(state.backendEnding()).isEqualTo(BackendLease.Ending.HOLDS_LOCKS);

        state.sessionReset();
        assertThat(state.backendEnding())
                .as("a reset (a refused COM_CHANGE_USER) dropped the locks")
                .isEqualTo(BackendLease.Ending.SCHEMA_KEPT);
    }

    private void ok(int statusFlags) throws Exception {
        ResponseTracker tracker = state.tracker();
        tracker.begin(CommandType.COM_QUERY);
        byte[] ok = {0x00, 0x00, 0x00, (byte) statusFlags, (byte) (statusFlags >> 8), 0x00, 0x00};
        tracker.onServerFrame(ok.length, ok, 0, ok.length);
        state.responded();
    }

    @Test
    void aResponseInFlightOrAUseMakeTheConnectionOweMore() {
        forward(CommandType.COM_QUERY, "SELECT SLEEP(10)");
        assertThat(state.backendEnding()).isEqualTo(BackendLease.Ending.BROKEN);

        state.responded();
        forward(CommandType.COM_QUERY, "use shop");
        state.responded();
        assertThat(state.backendEnding()).isEqualTo(BackendLease.Ending.SCHEMA_CHANGED);
    }
}
