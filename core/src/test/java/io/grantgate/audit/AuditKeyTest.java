package io.grantgate.audit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.account.MasterKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AuditKeyTest {

    @Test
    void macIsHmacOfTheDerivedKeyOverPreviousMacThenLine() throws Exception {
        MasterKey master = AuditEvents.MASTER_KEY;
        byte[] derived = master.hmacSha256("grantgate audit chain v1".getBytes(US_ASCII));
        Mac expected = Mac.getInstance("HmacSHA256");
        expected.init(new SecretKeySpec(derived, "HmacSHA256"));
        byte[] previous = new byte[32];
        previous[0] = 1;
        expected.update(previous);
        byte[] line = "{\"v\":1}".getBytes(US_ASCII);

        assertThat(AuditKey.derive(master).mac(previous, line)).isEqualTo(expected.doFinal(line));
    }

    @Test
    void anotherMasterKeyAnotherMac() {
        byte[] line = "x".getBytes(US_ASCII);

        assertThat(AuditEvents.KEY.mac(AuditKey.firstPreviousMac(), line))
                .isNotEqualTo(AuditEvents.OTHER_KEY.mac(AuditKey.firstPreviousMac(), line))
                .isEqualTo(AuditKey.derive(AuditEvents.MASTER_KEY).mac(AuditKey.firstPreviousMac(), line));
    }

    @Test
    void neverShowsTheKey() {
        assertThat(AuditEvents.KEY.toString()).isEqualTo("AuditKey[****]");
    }
}
