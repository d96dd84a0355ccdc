package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KillStatementTest {

    private static KillStatement parse(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1 + 7];
        payload[0] = 0x03;
        System.arraycopy(text, 0, payload, 1, text.length);
        return KillStatement.parse(
                payload, 0, text.length + 1); // the buffer is longer than the packet, as a reused one is
    }

    private static KillStatement.Kill kill(long id, boolean queryOnly) {
        return new KillStatement.Kill(new KillTarget.ConnectionId(id), queryOnly);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "KILL 42|42|false",
                "kill query 7|7|true",
                "KILL CONNECTION 12 ;|12|false",
                "Kill Hard Query 3;|3|true",
                "KILL SOFT 9|9|false",
                "KILL 123456789012345678|123456789012345678|false"
            })
    void recognisesTheKillsAGatewaySessionCanAnswer(String sql, long id, boolean queryOnly) {
        assertThat(parse(sql)).isEqualTo(kill(id, queryOnly));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "KILL CONNECTION_ID()|false",
                "kill connection_id();|false",
                "KILL CONNECTION CONNECTION_ID ( )|false",
                "KILL QUERY CONNECTION_ID()|true",
                "/* self */ KILL HARD QUERY /* me */ CONNECTION_ID() ; |true"
            })
    void connectionIdNamesTheSessionItself(String sql, boolean queryOnly) {
        assertThat(parse(sql)).isEqualTo(new KillStatement.Kill(KillTarget.ITSELF, queryOnly));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/* pool: validate */ KILL 42|42|false",
                "KILL /* which */ QUERY/**/7|7|true",
                "# why\\n KILL 5 -- because\\n|5|false",
                "-- a note\\nKILL CONNECTION 12;/* done */|12|false"
            })
    void commentsSeparateWordsAsBlanksDo(String sql, long id, boolean queryOnly) {
        assertThat(parse(sql.replace("\\n", "\n"))).isEqualTo(kill(id, queryOnly));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/*!KILL 5*/", "/*M!100000 KILL 5*/", "/* unterminated KILL 5", "--KILL 5", "-- KILL 5"})
    void executableCommentsAndWhatACommentHidesAreNotAKill(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.ForBackend.class);
    }

    @Test
    void toleratesTheBlanksAndSemicolonAClientMayAdd() {
        assertThat(parse("  KILL\tCONNECTION\r\n12 ;  ")).isEqualTo(kill(12, false));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "KILL",
                "SELECT 1",
                "KILLER()",
                "kill_switch = 1",
                "",
                "   ",
                "SET @kill = 1",
                "/* KILL 5 */ SELECT 1",
                "KILLQUERY 5",
                "SELECT ';KILL 5'",
                "SELECT 1; SELECT 'KILL 5'",
                "SELECT 1 -- ; KILL 5",
                "SELECT \"a\\\"; KILL 5\"",
                "SELECT `x;`; SELECT 2"
            })
    void leavesEverythingElseToTheBackend(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.ForBackend.class);
    }

    /** The backend evaluates them: whatever id they come to is a backend id, judged by its own rules. */
    @ParameterizedTest
    @ValueSource(
            strings = {"KILL @id", "KILL 1+1", "KILL (SELECT 5)", "KILL '5'", "KILL 5 6", "KILL -1", "KILL CONNECTION"})
    void expressionsGoToTheBackendAsWritten(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.ForBackend.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "KILL USER bob",
                "KILL QUERY ID 5",
                "KILL CONNECTION USER bob",
                "SELECT 1; KILL USER bob",
                "KILL 5; KILL QUERY ID 7"
            })
    void refusesTheFormsItCannotMapToASession(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.Unsupported.class);
    }

    @Test
    void findsEveryKillByIdOfAMultiStatementWithItsPlaceInThePayload() {
        String sql = "SELECT 'a;b'; KILL QUERY 1000000007 ;/* x */kill 12;KILL CONNECTION_ID(); KILL @v";
        KillStatement parsed = parse(sql);
        int first = 1 + sql.indexOf("1000000007");
        int second = 1 + sql.indexOf("12;");
        assertThat(parsed)
                .isEqualTo(new KillStatement.InBatch(
                        List.of(new KillId(first, 10, 1_000_000_007L), new KillId(second, 2, 12))));
    }

    @Test
    void aKillFollowedByMoreStatementsIsABatch() {
        assertThat(parse("KILL 5; SELECT 1")).isEqualTo(new KillStatement.InBatch(List.of(new KillId(6, 1, 5))));
    }

    @Test
    void aBatchWhoseKillsNameNoIdIsTheBackendsAsWritten() {
        assertThat(parse("SELECT 1; KILL CONNECTION_ID()")).isInstanceOf(KillStatement.ForBackend.class);
    }
}
