package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command scans of multiplexing: what pins before the tracker speaks, and which SETs are replayed. */
class SessionPinsTest {

    private static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] command = new byte[text.length + 1];
        command[0] = (byte) CommandType.COM_QUERY.code();
        System.arraycopy(text, 0, command, 1, text.length);
        return command;
    }

    private static Optional<PinReason> pin(String sql) {
        byte[] command = query(sql);
        return SessionPins.beforeCommand(CommandType.COM_QUERY, command, 0, command.length);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT @a := 1|USER_VARIABLE",
                "SELECT v INTO @a FROM t|USER_VARIABLE",
                "SET @a = 1|USER_VARIABLE",
                "LOAD DATA INFILE 'f' INTO TABLE t (@c) SET x = @c|USER_VARIABLE",
                "SELECT GET_LOCK('l', 0)|LOCK",
                "FLUSH TABLES WITH READ LOCK|LOCK",
                "SELECT LAST_INSERT_ID()|LAST_RESULT",
                "SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1|LAST_RESULT",
                "SELECT CONNECTION_ID()|CONNECTION_ID",
                "CALL p()|OPAQUE_SQL",
                "EXECUTE IMMEDIATE 'SELECT 1'|OPAQUE_SQL",
                "HANDLER t OPEN|OPAQUE_SQL"
            })
    void aStatementTheTrackerMayMissPins(String sql, PinReason reason) {
        assertThat(pin(sql)).as(sql).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "SELECT @a",
                "SELECT @@session.sql_mode",
                "SELECT FOUND_ROWS(), ROW_COUNT()",
                "UNLOCK TABLES",
                "SELECT RELEASE_LOCK('l')",
                "INSERT INTO t VALUES (1)"
            })
    void aStatementThatLeavesNothingTheTrackerMissesDoesNotPin(String sql) {
        assertThat(pin(sql)).as(sql).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET autocommit=1",
                "SET character_set_results = NULL",
                "/* mysql-connector-j */ SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
                "set sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'),session_track_system_variables ="
                        + " CONCAT(@@global.session_track_system_variables,',transaction_isolation'),NAMES utf8mb4",
                "SET NAMES utf8mb4 COLLATE utf8mb4_bin",
                "SET @@session.wait_timeout = 100, time_zone = '+00:00'"
            })
    void aSetOfSessionVariablesIsReplayable(String sql) {
        byte[] command = query(sql);
        assertThat(SessionSetup.replayable(CommandType.COM_QUERY, command, 0, command.length))
                .as(sql)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "SET GLOBAL wait_timeout = 1",
                "SET wait_timeout = 1, GLOBAL max_connections = 1",
                "SET @@global.wait_timeout = 1",
                "SET @a = 1",
                "SET timestamp = UNIX_TIMESTAMP()",
                "SET sql_mode = (SELECT 'x')",
                "SET wait_timeout = 1; DROP TABLE t",
                "SET STATEMENT max_statement_time=1 FOR SELECT 1",
                "SET PASSWORD = 'x'",
                "SET ROLE r",
                "/*!40101 SET NAMES utf8 */",
                "SET time_zone = '\u00e9'",
                "SELECT 1"
            })
    void anythingElseIsNot(String sql) {
        byte[] command = query(sql);
        assertThat(SessionSetup.replayable(CommandType.COM_QUERY, command, 0, command.length))
                .as(sql)
                .isFalse();
    }
}
