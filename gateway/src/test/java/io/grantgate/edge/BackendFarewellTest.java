package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.server.ErrPacket;
import io.grantgate.protocol.message.server.OkPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BackendFarewellTest {

    private static final Capabilities PROTOCOL_41 = Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41);
    private static final byte[] ERR =
            Wire.frame(0, new ErrPacket(1927, "70100", "Connection was killed").encode(PROTOCOL_41));

    @Test
    void aWholeErrAtSequenceZeroIsRelayedAsItCame() {
        BackendFarewell farewell = new BackendFarewell();
        assertThat(farewell.add(ERR, 0, ERR.length)).isTrue();
        assertThat(farewell.relayable())
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ERR));
    }

    @Test
    void anErrInPiecesIsCompleteOnlyOnceWhole() {
        BackendFarewell farewell = new BackendFarewell();
        assertThat(farewell.isEmpty()).isTrue();
        assertThat(farewell.add(ERR, 0, 3)).isFalse();
        assertThat(farewell.add(ERR, 3, 10)).isFalse();
        assertThat(farewell.relayable()).as("part of one").isEmpty();
        assertThat(farewell.add(ERR, 13, ERR.length - 13)).isTrue();
        assertThat(farewell.relayable())
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ERR));
    }

    @Test
    void onlyTheFirstPacketIsRelayedAndOnlyIfItIsAnErrAtSequenceZero() {
        byte[] twice = new byte[ERR.length * 2];
        System.arraycopy(ERR, 0, twice, 0, ERR.length);
        System.arraycopy(ERR, 0, twice, ERR.length, ERR.length);
        BackendFarewell both = new BackendFarewell();
        both.add(twice, 0, twice.length);
        assertThat(both.relayable())
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ERR));

        byte[] atOne = ERR.clone();
        atOne[3] = 1;
        BackendFarewell late = new BackendFarewell();
        late.add(atOne, 0, atOne.length);
        assertThat(late.complete()).isTrue();
        assertThat(late.relayable()).as("not at sequence id 0").isEmpty();

        byte[] ok = Wire.frame(0, OkPacket.of(2).encode(PROTOCOL_41));
        BackendFarewell notErr = new BackendFarewell();
        notErr.add(ok, 0, ok.length);
        assertThat(notErr.relayable()).as("an OK").isEmpty();
    }

    @Test
    void moreThanAnErrCanHoldIsCompleteAndNotRelayed() {
        byte[] noise = new byte[BackendFarewell.MAX_LENGTH + 10];
        Arrays.fill(noise, (byte) 0x17);
        BackendFarewell farewell = new BackendFarewell();
        assertThat(farewell.add(noise, 0, noise.length)).isTrue();
        assertThat(farewell.relayable()).isEmpty();
    }
}
