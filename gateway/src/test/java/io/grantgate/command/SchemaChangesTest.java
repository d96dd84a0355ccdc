package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaChangesTest {

    private static boolean query(String sql) {
        return possible(CommandType.COM_QUERY, sql.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean possible(CommandType type, byte[] text) {
        // the command sits inside a reused buffer: the bytes around it are leftovers and must not count
        byte[] buffer = new byte[3 + text.length + 1 + 5];
        System.arraycopy("USE".getBytes(StandardCharsets.US_ASCII), 0, buffer, 0, 3);
        buffer[3] = (byte) type.code();
        System.arraycopy(text, 0, buffer, 4, text.length);
        System.arraycopy("USE x".getBytes(StandardCharsets.US_ASCII), 0, buffer, 4 + text.length, 5);
        return SchemaChanges.possible(type, buffer, 3, text.length + 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "USE shop",
                "use shop",
                "  Use`shop`",
                "SELECT 1; USE shop",
                "/*!USE shop*/",
                "/*M!100000 use x*/",
                "SELECT 'use'",
                "EXECUTE s",
                "execute immediate @q",
                "PREPARE s FROM @q; EXECUTE s",
                "GRANT EXECUTE ON PROCEDURE p TO u",
                "SELECT 1 FROM t USE INDEX (i)",
                "\u00e9USE x",
                "USE\u00e9",
                "SELECT a FROM b\nUSE c",
                "(USE)",
                "x.use"
            })
    void aStatementThatMayChangeTheSchemaIsRecognised(String sql) {
        assertThat(query(sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "SELECT * FROM users",
                "SELECT cause, house, used, reuse FROM t",
                "SELECT $use, use_x, x_use, use1",
                "INSERT INTO executed VALUES (1)",
                "CALL executes()",
                "",
                "US",
                "SELECT c FROM sbtest1 WHERE id=?"
            })
    void aStatementThatCannotIsLeftAlone(String sql) {
        assertThat(query(sql)).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT c FROM sbtest1 WHERE id=?", "USE x", "EXECUTE s"})
    void preparedTextIsScannedLikeAQuery(String sql) {
        assertThat(possible(CommandType.COM_STMT_PREPARE, sql.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(query(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", ""})
    void initDbAlwaysMay(String schema) {
        assertThat(possible(CommandType.COM_INIT_DB, schema.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"COM_PING", "COM_STMT_EXECUTE", "COM_STMT_CLOSE", "COM_STATISTICS", "COM_RESET_CONNECTION"})
    void otherCommandsDoNot(String command) {
        assertThat(possible(CommandType.valueOf(command), "USE x".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }
}
