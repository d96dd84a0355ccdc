package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
        assertThat(parse(sql)).isEqualTo(new KillStatement.Kill(id, queryOnly));
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
        assertThat(parse(sql.replace("\\n", "\n"))).isEqualTo(new KillStatement.Kill(id, queryOnly));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/*!KILL 5*/", "/*M!100000 KILL 5*/", "/* unterminated KILL 5", "--KILL 5", "-- KILL 5"})
    void executableCommentsAndWhatACommentHidesAreNotAKill(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.NotKill.class);
    }

    @org.junit.jupiter.api.Test
    void toleratesTheBlanksAndSemicolonAClientMayAdd() {
        assertThat(parse("  KILL\tCONNECTION\r\n12 ;  ")).isEqualTo(new KillStatement.Kill(12, false));
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
                "KILLQUERY 5"
            })
    void leavesEverythingElseToTheBackend(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.NotKill.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "KILL USER bob",
                "KILL QUERY ID 5",
                "KILL 5 6",
                "KILL -1",
                "KILL 1234567890123456789",
                "KILL CONNECTION",
                "KILL 5; SELECT 1"
            })
    void refusesTheFormsItCannotMapToASession(String sql) {
        assertThat(parse(sql)).isInstanceOf(KillStatement.Unsupported.class);
    }
}
