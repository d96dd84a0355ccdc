package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.ServerStatus;
import org.junit.jupiter.api.Test;

/** The status flags and insert ids a summary keeps over all the OKs of a response, for multiplexing. */
class ResponseSummaryStatusTest {

    private static final Capabilities PROTOCOL_41 =
            Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41, CapabilityFlag.CLIENT_TRANSACTIONS);

    private static void feed(ResponseTracker tracker, String hex) throws Exception {
        byte[] payload = Hex.bytes(hex);
        tracker.onServerPacket(payload, 0, payload.length, payload.length);
    }

    @Test
    void aFlagOfAnEarlierResultIsKeptThoughTheLastOkLacksIt() throws Exception {
        ResponseTracker tracker = new ResponseTracker(PROTOCOL_41);
        tracker.begin(CommandType.COM_QUERY);
        // SET @a = 1; INSERT …: the first OK says the session state changed, more results follow
        feed(tracker, "00 00 00 0a 40 00 00");
        feed(tracker, "00 01 05 02 00 00 00");

        ResponseSummary summary = tracker.summary();
        assertThat(ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(summary.statusSeen()))
                .isTrue();
        assertThat(ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(tracker.statusFlags()))
                .isFalse();
        assertThat(summary.insertIdSet()).isTrue();

        tracker.begin(CommandType.COM_QUERY);
        feed(tracker, "00 00 00 02 00 00 00");
        assertThat(tracker.summary().statusSeen()).isEqualTo(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());
        assertThat(tracker.summary().insertIdSet()).isFalse();
    }
}
