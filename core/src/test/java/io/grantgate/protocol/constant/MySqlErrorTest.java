package io.grantgate.protocol.constant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.protocol.message.server.ErrPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MySqlErrorTest {

    /** Code and SQLSTATE as in MySQL's server error reference. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "ER_CON_COUNT_ERROR, 1040, 08004",
        "ER_HANDSHAKE_ERROR, 1043, 08S01",
        "ER_DBACCESS_DENIED_ERROR, 1044, 42000",
        "ER_ACCESS_DENIED_ERROR, 1045, 28000",
        "ER_UNKNOWN_COM_ERROR, 1047, 08S01",
        "ER_BAD_DB_ERROR, 1049, 42000",
        "ER_SERVER_SHUTDOWN, 1053, 08S01",
        "ER_HOST_IS_BLOCKED, 1129, HY000",
        "ER_HOST_NOT_PRIVILEGED, 1130, HY000",
        "ER_PROXY_HEADER_NOT_ACCEPTED, 1130, HY000", // MariaDB's, as its proxy_protocol_networks answers
        "ER_TABLEACCESS_DENIED_ERROR, 1142, 42000",
        "ER_NET_PACKET_TOO_LARGE, 1153, 08S01",
        "ER_NET_PACKETS_OUT_OF_ORDER, 1156, 08S01",
        "ER_NET_READ_ERROR, 1158, 08S01",
        "ER_NET_READ_INTERRUPTED, 1159, 08S01",
        "ER_TOO_MANY_USER_CONNECTIONS, 1203, 42000",
        "ER_USER_LIMIT_REACHED, 1226, 42000",
        "ER_NOT_SUPPORTED_AUTH_MODE, 1251, 08004",
        "ER_QUERY_INTERRUPTED, 1317, 70100",
        "ER_INTERNAL_ERROR, 1815, HY000",
        "ER_MALFORMED_PACKET, 1835, HY000",
        "ER_CONNECTION_KILLED, 1927, 70100", // MariaDB's (ER_CONNECTION_KILLED in its error reference)
        "ER_ACCOUNT_HAS_BEEN_LOCKED, 3118, HY000",
        "ER_SECURE_TRANSPORT_REQUIRED, 3159, HY000",
    })
    void codesAndSqlStatesMatchMySql(MySqlError error, int code, String sqlState) {
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.sqlState()).isEqualTo(sqlState);
    }

    @Test
    void accessDeniedReadsAsMySqlWritesIt() {
        ErrPacket err = MySqlError.ER_ACCESS_DENIED_ERROR.err("app", "10.0.0.7", "YES");

        assertThat(err)
                .isEqualTo(
                        new ErrPacket(1045, "28000", "Access denied for user 'app'@'10.0.0.7' (using password: YES)"));
    }

    @Test
    void aRefusedProxyHeaderReadsAsMariaDbWritesIt() {
        // what MariaDB 11.4 with proxy_protocol_networks=127.0.0.9 answered a header from 127.0.0.1
        assertThat(MySqlError.ER_PROXY_HEADER_NOT_ACCEPTED.err("127.0.0.1"))
                .isEqualTo(new ErrPacket(1130, "HY000", "Proxy header is not accepted from 127.0.0.1"));
    }

    @Test
    void fixedMessagesTakeNoArguments() {
        assertThat(MySqlError.ER_CON_COUNT_ERROR.err().message()).isEqualTo("Too many connections");
        assertThat(MySqlError.ER_NET_PACKET_TOO_LARGE.message())
                .isEqualTo("Got a packet bigger than 'max_allowed_packet' bytes");
    }

    @ParameterizedTest
    @EnumSource(MySqlError.class)
    void everyErrorFormatsWithItsArityAndRefusesAnyOther(MySqlError error) {
        Object[] args = Collections.nCopies(error.arity(), (Object) 7).toArray();

        assertThat(error.err(args).errorCode()).isEqualTo(error.code());
        assertThatThrownBy(() -> error.message(Arrays.copyOf(args, args.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longMessagesAreCutToWhatAClientKeepsWithoutSplittingACharacter() {
        String detail = "ä".repeat(600);

        String message = MySqlError.ER_INTERNAL_ERROR.message(detail);

        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MySqlError.MAX_MESSAGE_BYTES);
        assertThat(message).startsWith("Internal error: ää").doesNotContain("\uFFFD");
    }
}
