package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrAccountRewriteTest {

    private static final ErrAccountRewrite XUYS = ErrAccountRewrite.of("gg_xuys_1", "xuys", "10.1.2.3");

    /** MariaDB 11.4's ERR for a DELETE the account may not run, as the backend sent it (CLIENT_PROTOCOL_41). */
    private static final byte[] DENIED_1142 = Hex.bytes("""
            ff 76 04                                         # ERR, 1142
            23 34 32 30 30 30                                # #42000
            44 45 4c 45 54 45 20 63 6f 6d 6d 61 6e 64 20     # DELETE command
            64 65 6e 69 65 64 20 74 6f 20 75 73 65 72 20     # denied to user
            27 67 67 5f 78 75 79 73 5f 31 27 40              # 'gg_xuys_1'@
            27 31 32 37 2e 30 2e 30 2e 31 27                 # '127.0.0.1'
            20 66 6f 72 20 74 61 62 6c 65 20                 #  for table
            60 73 68 6f 70 60 2e 60 6f 72 64 65 72 73 60     # `shop`.`orders`
            """);

    @Test
    void aTableAccessErrorNamesTheGatewayAccountAndTheClientsAddress() throws Exception {
        byte[] framed = new byte[DENIED_1142.length + 7];
        System.arraycopy(DENIED_1142, 0, framed, 5, DENIED_1142.length);

        byte[] rewritten = XUYS.rewrite(framed, 5, DENIED_1142.length);

        assertThat(rewritten).isNotNull();
        assertThat(Arrays.copyOf(rewritten, 9)).isEqualTo(Arrays.copyOf(DENIED_1142, 9));
        assertThat(rewritten).hasSize(DENIED_1142.length - "gg_xuys_1127.0.0.1".length() + "xuys10.1.2.3".length());
        ErrPacket err = decode(rewritten);
        assertThat(err.errorCode()).isEqualTo(1142);
        assertThat(err.sqlState()).isEqualTo("42000");
        assertThat(err.message())
                .isEqualTo("DELETE command denied to user 'xuys'@'10.1.2.3' for table `shop`.`orders`");
    }

    @Test
    void everyErrorThatNamesTheAccountIsRewrittenAndTheUserAloneToo() throws Exception {
        assertThat(rewritten(MySqlError.ER_DBACCESS_DENIED_ERROR.err("gg_xuys_1", "%", "other")))
                .isEqualTo("Access denied for user 'xuys'@'10.1.2.3' to database 'other'");
        assertThat(rewritten(MySqlError.ER_PROCACCESS_DENIED_ERROR.err("EXECUTE", "gg_xuys_1", "10.0.0.9", "shop.p")))
                .isEqualTo("EXECUTE command denied to user 'xuys'@'10.1.2.3' for routine 'shop.p'");
        assertThat(rewritten(MySqlError.ER_COLUMNACCESS_DENIED_ERROR.err("UPDATE", "gg_xuys_1", "h", "total", "t")))
                .isEqualTo("UPDATE command denied to user 'xuys'@'10.1.2.3' for column 'total' in table 't'");
        assertThat(rewritten(MySqlError.ER_USER_LIMIT_REACHED.err("gg_xuys_1", "max_queries_per_hour", 10)))
                .isEqualTo("User 'xuys' has exceeded the 'max_queries_per_hour' resource (current value: 10)");
    }

    @Test
    void aMessageTheServerCutInsideTheHostStillLosesTheBackendUser() throws Exception {
        assertThat(rewritten(new ErrPacket(1044, "42000", "Access denied for user 'gg_xuys_1'@'12")))
                .isEqualTo("Access denied for user 'xuys'@'12");
    }

    @Test
    void otherErrorsOtherAccountsAndOtherPacketsPassAsTheyCame() {
        // 1227 names no account; 1396 names the one the statement names
        byte[] privilege = payload(MySqlError.ER_SPECIFIC_ACCESS_DENIED_ERROR.err("SUPER"));
        assertThat(XUYS.rewrite(privilege, 0, privilege.length)).isNull();
        byte[] other = payload(new ErrPacket(1396, "HY000", "Operation CREATE USER failed for 'gg_xuys_1'@'%'"));
        assertThat(XUYS.rewrite(other, 0, other.length)).isNull();
        byte[] another = payload(MySqlError.ER_TABLEACCESS_DENIED_ERROR.err("SELECT", "gg_xuys_12", "h", "t"));
        assertThat(XUYS.rewrite(another, 0, another.length)).isNull();
        byte[] ok = Hex.bytes("00 00 00 02 00 00 00");
        assertThat(XUYS.rewrite(ok, 0, ok.length)).isNull();
        assertThat(ErrAccountRewrite.NONE.rewrite(DENIED_1142, 0, DENIED_1142.length))
                .isNull();
        ErrPacket decoded = MySqlError.ER_TABLEACCESS_DENIED_ERROR.err("SELECT", "gg_xuys_1", "h", "t");
        assertThat(ErrAccountRewrite.NONE.rewrite(decoded)).isSameAs(decoded);
    }

    @Test
    void anErrWithoutSqlStateIsRewrittenFromItsCode() throws Exception {
        byte[] head = Hex.bytes("ff 76 04"); // no #SQLSTATE: a client without CLIENT_PROTOCOL_41
        byte[] text = "SELECT command denied to user 'gg_xuys_1'@'h' for table 't'".getBytes(StandardCharsets.UTF_8);
        byte[] packet = new byte[head.length + text.length];
        System.arraycopy(head, 0, packet, 0, head.length);
        System.arraycopy(text, 0, packet, head.length, text.length);

        byte[] rewritten = XUYS.rewrite(packet, 0, packet.length);

        assertThat(new String(rewritten, 3, rewritten.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("SELECT command denied to user 'xuys'@'10.1.2.3' for table 't'");
    }

    @Test
    void aNonAsciiGatewayUserIsWrittenInUtf8() throws Exception {
        ErrAccountRewrite unicode = ErrAccountRewrite.of("gg_ncodeuser_12", "Ünïcode-User", "::1");
        ErrPacket err = MySqlError.ER_TABLEACCESS_DENIED_ERROR.err("SELECT", "gg_ncodeuser_12", "h", "t");
        byte[] rewritten = unicode.rewrite(payload(err), 0, payload(err).length);
        assertThat(decode(rewritten).message())
                .isEqualTo("SELECT command denied to user 'Ünïcode-User'@'::1' for table 't'");
    }

    private static String rewritten(ErrPacket err) throws Exception {
        byte[] bytes = payload(err);
        byte[] rewritten = XUYS.rewrite(bytes, 0, bytes.length);
        assertThat(rewritten).as("rewritten: %s", err.message()).isNotNull();
        String fromBytes = decode(rewritten).message();
        assertThat(XUYS.rewrite(err).message()).as("the decoded form agrees").isEqualTo(fromBytes);
        return fromBytes;
    }

    private static byte[] payload(ErrPacket err) {
        return err.encode(protocol41());
    }

    private static ErrPacket decode(byte[] payload) throws Exception {
        return ErrPacket.decode(new PayloadReader(payload, 0, payload.length), protocol41());
    }

    private static Capabilities protocol41() {
        return Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41);
    }
}
