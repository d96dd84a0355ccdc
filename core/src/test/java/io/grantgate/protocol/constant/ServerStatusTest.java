package io.grantgate.protocol.constant;

import static io.grantgate.protocol.constant.ServerStatus.SERVER_MORE_RESULTS_EXISTS;
import static io.grantgate.protocol.constant.ServerStatus.SERVER_STATUS_AUTOCOMMIT;
import static io.grantgate.protocol.constant.ServerStatus.SERVER_STATUS_IN_TRANS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerStatusTest {

    @ParameterizedTest(name = "{0} = 0x{1}")
    @CsvSource({
        "SERVER_STATUS_IN_TRANS, 0001",
        "SERVER_STATUS_AUTOCOMMIT, 0002",
        "SERVER_MORE_RESULTS_EXISTS, 0008",
        "SERVER_STATUS_CURSOR_EXISTS, 0040",
        "SERVER_STATUS_LAST_ROW_SENT, 0080",
        "SERVER_STATUS_NO_BACKSLASH_ESCAPES, 0200",
        "SERVER_PS_OUT_PARAMS, 1000",
        "SERVER_STATUS_IN_TRANS_READONLY, 2000",
        "SERVER_SESSION_STATE_CHANGED, 4000",
    })
    void flagsHaveTheDocumentedBits(ServerStatus flag, String hexMask) {
        assertThat(flag.mask()).isEqualTo(Integer.parseInt(hexMask, 16));
    }

    @Test
    void readsFlagsFromAStatusWord() {
        int status = ServerStatus.maskOf(SERVER_STATUS_IN_TRANS, SERVER_STATUS_AUTOCOMMIT, SERVER_MORE_RESULTS_EXISTS);

        assertThat(status).isEqualTo(0x000B);
        assertThat(ServerStatus.setOf(status))
                .containsExactly(SERVER_STATUS_IN_TRANS, SERVER_STATUS_AUTOCOMMIT, SERVER_MORE_RESULTS_EXISTS);
        assertThat(SERVER_STATUS_IN_TRANS.isSetIn(0x0002)).isFalse();
    }
}
