package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiredPasswordSandboxTest {

    private static boolean allows(CommandType command, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + bytes.length];
        payload[0] = (byte) command.code();
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return ExpiredPasswordSandbox.allows(
                CommandTriage.decide(payload, 0, payload.length), payload, 0, payload.length);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET PASSWORD = PASSWORD('x')",
                "ALTER USER CURRENT_USER() IDENTIFIED BY 'x'",
                "SET NAMES utf8mb4",
                "/* driver */ SET autocommit=1, sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')",
                "SET @a = 1",
                "SET PASSWORD = OLD_PASSWORD('x')", // refused anyway, with its own error
            })
    void letsThroughPasswordChangesAndSettings(String sql) {
        assertThat(allows(CommandType.COM_QUERY, sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "SET @a = (SELECT secret FROM t)",
                "SET NAMES utf8mb4; SELECT 1",
                "USE shop",
                "KILL 7",
                "DO 1",
                "SHOW GRANTS",
            })
    void refusesEverythingElse(String sql) {
        assertThat(allows(CommandType.COM_QUERY, sql)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = CommandType.class,
            names = {"COM_PING", "COM_QUIT", "COM_STMT_CLOSE", "COM_RESET_CONNECTION", "COM_CHANGE_USER"})
    void letsThroughCommandsThatRunNoStatement(CommandType command) {
        assertThat(allows(command, "")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = CommandType.class,
            names = {"COM_INIT_DB", "COM_STMT_PREPARE", "COM_STMT_EXECUTE", "COM_FIELD_LIST", "COM_STATISTICS"})
    void refusesCommandsThatReachData(CommandType command) {
        assertThat(allows(command, "x")).isFalse();
    }
}
