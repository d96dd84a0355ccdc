package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The OKs' session-state information sorted into the transaction's and the rest. The fixtures are
 * MariaDB 10.11's OK packets, as read off the wire by a raw client with session_track_state_change,
 * session_track_schema, session_track_system_variables='*' and
 * session_track_transaction_info=CHARACTERISTICS on.
 */
class SessionStateChangesTest {

    private static final Capabilities TRACKING = Capabilities.of(
            CapabilityFlag.CLIENT_PROTOCOL_41, CapabilityFlag.CLIENT_TRANSACTIONS, CapabilityFlag.CLIENT_SESSION_TRACK);

    private static final String BEGIN =
            "00 00 00 03 40 00 00 00 20 05 09 08 54 5f 5f 5f 5f 5f 5f 5f 04 13 12 53 54 41 52 54 20 54 52 41 4e 53 41"
                    + " 43 54 49 4f 4e 3b";
    private static final String INSERT_IN_TRANSACTION = "00 01 00 03 40 00 00 00 0b 05 09 08 54 5f 5f 5f 57 5f 5f 5f";
    private static final String COMMIT = "00 00 00 02 40 00 00 00 0e 05 09 08 5f 5f 5f 5f 5f 5f 5f 5f 04 01 00";
    private static final String AUTOCOMMIT_OFF =
            "00 00 00 00 40 00 00 00 14 00 0f 0a 61 75 74 6f 63 6f 6d 6d 69 74 03 4f 46 46 02 01 31";
    private static final String USER_VARIABLE = "00 00 00 02 40 00 00 00 03 02 01 31";
    private static final String SET_TRANSACTION =
            "00 00 00 02 40 00 00 00 30 04 2e 2d 53 45 54 20 54 52 41 4e 53 41 43 54 49 4f 4e 20 49 53 4f 4c 41 54 49"
                    + " 4f 4e 20 4c 45 56 45 4c 20 53 45 52 49 41 4c 49 5a 41 42 4c 45 3b";
    private static final String SQL_MODE = "00 00 00 02 40 00 00 00 0f 00 0a 08 73 71 6c 5f 6d 6f 64 65 00 02 01 31";
    private static final String USE_SCHEMA = "00 00 00 02 40 00 00 00 07 01 02 01 64 02 01 31";

    private static ResponseSummary answer(String hex) throws Exception {
        return answer(hex, Integer.MAX_VALUE);
    }

    /** The OK as the only packet of a COM_QUERY's response, of which the relay gave {@code given} bytes. */
    private static ResponseSummary answer(String hex, int given) throws Exception {
        ResponseTracker tracker = new ResponseTracker(TRACKING);
        tracker.begin(CommandType.COM_QUERY);
        byte[] payload = Hex.bytes(hex);
        int available = Math.min(given, payload.length);
        assertThat(tracker.onServerPacket(payload, 0, available, payload.length))
                .isEqualTo(ResponseTracker.Next.DONE);
        return tracker.summary();
    }

    @Test
    void beginInsertAndCommitReportOnlyTheTransaction() throws Exception {
        assertThat(answer(BEGIN).otherStateChanged()).isFalse();
        assertThat(answer(BEGIN).characteristicsPending()).contains(true);
        assertThat(answer(INSERT_IN_TRANSACTION).otherStateChanged()).isFalse();
        assertThat(answer(INSERT_IN_TRANSACTION).characteristicsPending()).isEmpty();
        assertThat(answer(COMMIT).otherStateChanged()).isFalse();
        assertThat(answer(COMMIT).characteristicsPending()).contains(false);
    }

    @Test
    void autocommitIsTheTransactionsThoughTheStateChangeEntryComesWithIt() throws Exception {
        assertThat(answer(AUTOCOMMIT_OFF).otherStateChanged()).isFalse();
    }

    @Test
    void anythingElseIsOtherState() throws Exception {
        assertThat(answer(USER_VARIABLE).otherStateChanged())
                .as("a user variable or a temporary table: the state-change entry alone")
                .isTrue();
        assertThat(answer(SQL_MODE).otherStateChanged()).isTrue();
        assertThat(answer(USE_SCHEMA).otherStateChanged()).isTrue();
    }

    @Test
    void characteristicsForTheNextTransactionArePending() throws Exception {
        ResponseSummary summary = answer(SET_TRANSACTION);
        assertThat(summary.otherStateChanged()).isFalse();
        assertThat(summary.characteristicsPending()).isEqualTo(Optional.of(true));
    }

    @Test
    void anOkNotGivenWholeFailsClosed() throws Exception {
        assertThat(answer(COMMIT, ResponseTracker.PREFIX_LENGTH).otherStateChanged())
                .isTrue();
    }

    @Test
    void anUnknownEntryOrABrokenOneFailsClosed() throws Exception {
        assertThat(answer("00 00 00 02 40 00 00 00 03 09 01 31").otherStateChanged())
                .as("type 9")
                .isTrue();
        assertThat(answer("00 00 00 02 40 00 00 00 05 05 09 08 5f").otherStateChanged())
                .as("an entry longer than the packet")
                .isTrue();
        assertThat(answer("00 00 00 02 40 00 00 00").otherStateChanged())
                .as("the flag without the information")
                .isTrue();
    }

    @Test
    void withoutTheFlagNothingIsRead() throws Exception {
        ResponseSummary summary = answer("00 00 00 02 00 00 00");
        assertThat(summary.otherStateChanged()).isFalse();
        assertThat(summary.characteristicsPending()).isEmpty();
    }
}
