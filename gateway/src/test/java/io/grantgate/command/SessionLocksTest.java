package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionLocksTest {

    private static boolean possible(CommandType type, String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        // the command sits inside a reused buffer: the bytes around it are leftovers and must not count
        byte[] buffer = new byte[4 + 1 + text.length + 4];
        System.arraycopy("LOCK".getBytes(StandardCharsets.US_ASCII), 0, buffer, 0, 4);
        buffer[4] = (byte) type.code();
        System.arraycopy(text, 0, buffer, 5, text.length);
        System.arraycopy("LOCK".getBytes(StandardCharsets.US_ASCII), 0, buffer, 5 + text.length, 4);
        return SessionLocks.possible(type, buffer, 4, text.length + 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LOCK TABLES t WRITE",
                "lock table t read",
                "FLUSH TABLES WITH READ LOCK",
                "SELECT GET_LOCK('job', 10)",
                "select get_lock(concat('a', 1), 0)",
                "XA START 'x'",
                "HANDLER t OPEN",
                "CALL take_lock()",
                "EXECUTE s",
                "SELECT * FROM t LOCK IN SHARE MODE",
                "/*!LOCK TABLES t READ*/"
            })
    void aStatementThatMayLeaveALockIsRecognised(String sql) {
        assertThat(possible(CommandType.COM_QUERY, sql)).as(sql).isTrue();
        assertThat(possible(CommandType.COM_STMT_PREPARE, sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "UNLOCK TABLES",
                "SELECT RELEASE_LOCK('job')",
                "SELECT blocked, locks, xa_id FROM t",
                "UPDATE t SET v = 1 WHERE id = 1",
                "SELECT * FROM t FOR UPDATE",
                ""
            })
    void otherStatementsAreNot(String sql) {
        assertThat(possible(CommandType.COM_QUERY, sql)).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOCK TABLES t WRITE", "SELECT GET_LOCK('a', 0)"})
    void onlyStatementTextCounts(String text) {
        assertThat(possible(CommandType.COM_INIT_DB, text)).isFalse();
        assertThat(possible(CommandType.COM_STMT_EXECUTE, text)).isFalse();
    }
}
