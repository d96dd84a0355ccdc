package io.grantgate.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.bench.client.Greeting;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FloorPacketsTest {

    private static final byte[] OK = {7, 0, 0, 1, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
    private static final byte[] ERR = {9, 0, 0, 1, (byte) 0xFF, 0x15, 0x04, '#', '2', '8', '0', '0', '0'};

    @Test
    void theGreetingIsOneAClientReads() throws Exception {
        byte[] payload = Arrays.copyOfRange(FloorPackets.GREETING, 4, FloorPackets.GREETING.length);

        Greeting greeting = Greeting.decode(payload);

        assertThat(FloorPackets.wholePacket(FloorPackets.GREETING, FloorPackets.GREETING.length))
                .isEqualTo(FloorPackets.GREETING.length);
        assertThat(greeting.authPlugin()).isEqualTo("caching_sha2_password");
        assertThat(greeting.scramble()).hasSize(20);
        assertThat(greeting.capabilities() & (1 << 9 | 1 << 19)).isEqualTo(1 << 9 | 1 << 19);
    }

    @Test
    void aPacketIsWholeOnlyWithItsWholePayload() {
        assertThat(FloorPackets.wholePacket(OK, 3)).isEqualTo(-1);
        assertThat(FloorPackets.wholePacket(OK, OK.length - 1)).isEqualTo(-1);
        assertThat(FloorPackets.wholePacket(OK, OK.length)).isEqualTo(OK.length);
    }

    @Test
    void aResultSetEndsAtItsSecondEof() {
        byte[] result = FloorPackets.SELECT_ONE_RESULT;
        byte[] followed = Arrays.copyOf(result, result.length + OK.length);
        System.arraycopy(OK, 0, followed, result.length, OK.length);

        assertThat(FloorPackets.wholeResponse(result, result.length)).isEqualTo(result.length);
        assertThat(FloorPackets.wholeResponse(result, result.length - 1)).isEqualTo(-1);
        assertThat(FloorPackets.wholeResponse(followed, followed.length)).isEqualTo(result.length);
    }

    @Test
    void anOkOrAnErrIsAWholeResponse() {
        assertThat(FloorPackets.wholeResponse(OK, OK.length)).isEqualTo(OK.length);
        assertThat(FloorPackets.wholeResponse(ERR, ERR.length)).isEqualTo(ERR.length);
    }

    @Test
    void anErrAmongTheRowsEndsTheResultSet() {
        byte[] result = FloorPackets.SELECT_ONE_RESULT;
        int beforeLastEof = result.length - 9;
        byte[] failed = Arrays.copyOf(result, beforeLastEof + ERR.length);
        System.arraycopy(ERR, 0, failed, beforeLastEof, ERR.length);

        assertThat(FloorPackets.wholeResponse(failed, failed.length)).isEqualTo(failed.length);
    }
}
