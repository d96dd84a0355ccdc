package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketHeaderTest {

    @ParameterizedTest(name = "{0} = length {1}, sequence {2}")
    @CsvSource({
        "01 00 00 00, 1, 0", // COM_PING's header in the MySQL docs example
        "ff ff ff 00, 16777215, 0", // a full frame: continued
        "00 00 00 01, 0, 1", // the empty frame that ends an exact multiple
        "17 00 00 01, 23, 1", // the ERR example: 0x17 bytes, sequence 1
        "2c 01 00 ff, 300, 255",
    })
    void decodesAndEncodesLittleEndianLengthAndSequenceId(String hex, int length, int sequenceId) {
        byte[] bytes = Hex.bytes(hex);

        PacketHeader header = PacketHeader.decode(bytes, 0);

        assertThat(header).isEqualTo(new PacketHeader(length, sequenceId));
        assertThat(PacketHeader.lengthAt(bytes, 0)).isEqualTo(length);
        assertThat(header.encode()).isEqualTo(bytes);
        assertThat(header.continues()).isEqualTo(length == PacketHeader.MAX_PAYLOAD_LENGTH);
    }

    @ParameterizedTest(name = "after {0} comes {1}")
    @CsvSource({"0, 1", "1, 2", "254, 255", "255, 0"})
    void sequenceIdsWrapAround(int sequenceId, int next) {
        assertThat(PacketHeader.next(sequenceId)).isEqualTo(next);
    }

    @Test
    void rejectsLengthsAndIdsThatDoNotFit() {
        assertThatThrownBy(() -> new PacketHeader(PacketHeader.MAX_PAYLOAD_LENGTH + 1, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PacketHeader(1, 256)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PacketHeader(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
