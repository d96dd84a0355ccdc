package io.grantgate.protocol.constant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTypeTest {

    @ParameterizedTest(name = "0x{0} is {1}")
    @CsvSource({
        "01, COM_QUIT",
        "02, COM_INIT_DB",
        "03, COM_QUERY",
        "04, COM_FIELD_LIST",
        "09, COM_STATISTICS",
        "0c, COM_PROCESS_KILL",
        "0e, COM_PING",
        "11, COM_CHANGE_USER",
        "12, COM_BINLOG_DUMP",
        "16, COM_STMT_PREPARE",
        "17, COM_STMT_EXECUTE",
        "18, COM_STMT_SEND_LONG_DATA",
        "19, COM_STMT_CLOSE",
        "1a, COM_STMT_RESET",
        "1b, COM_SET_OPTION",
        "1c, COM_STMT_FETCH",
        "1e, COM_BINLOG_DUMP_GTID",
        "1f, COM_RESET_CONNECTION",
        "fa, COM_STMT_BULK_EXECUTE",
    })
    void fromCodeFindsTheDocumentedCommand(String hexCode, CommandType expected) {
        assertThat(CommandType.fromCode(Integer.parseInt(hexCode, 16))).contains(expected);
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void fromCodeRoundTripsEveryCommand(CommandType type) {
        assertThat(CommandType.fromCode(type.code())).contains(type);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x22, 0x7f, 0xfe, 0xff, -1, 256})
    void unknownCodesAreEmpty(int code) {
        assertThat(CommandType.fromCode(code)).isEmpty();
    }
}
