package io.grantgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendSecretTest {

    /** Bytes 0x00 to 0x1f. */
    private static final MasterKey KEY = MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    /**
     * Computed independently of this code, with
     * {@code printf 'grantgate/backend/v1\000gg_xuys_7\0001' | openssl dgst -sha256 -mac HMAC
     * -macopt hexkey:000102...1f -binary | base64 | tr '+/' '-_' | tr -d '='}, then the fixed suffix
     * {@code -Gg9}. If this test fails,
     * the derivation changed, and every backend account provisioned before the change is locked
     * out: change the code back, never the expected values.
     */
    @ParameterizedTest
    @CsvSource({
        "gg_xuys_7, 1, mu4XUiQPhbp1ciUYnrHes0EEqQYnU4NUdEZnoz5J3uU-Gg9",
        "gg_xuys_7, 2, S0COHrZCtiO4t8E2h1SmJv0ojroBNZB05QPKI_xTLSc-Gg9"
    })
    void derivationIsFixedForever(String backendUser, int version, String expected) {
        assertThat(BackendSecret.password(KEY, backendUser, version).reveal()).isEqualTo(expected);
    }

    @Test
    void differsByUserVersionAndKey() {
        MasterKey otherKey = MasterKey.fromBase64("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        Set<String> passwords = new HashSet<>();
        for (String user : new String[] {"gg_xuys_7", "gg_xuys_8", "gg_xuys_70", "gg_xuy_7"}) {
            for (int version = 1; version <= 3; version++) {
                passwords.add(BackendSecret.password(KEY, user, version).reveal());
                passwords.add(BackendSecret.password(otherKey, user, version).reveal());
            }
        }
        assertThat(passwords).hasSize(4 * 3 * 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gg_xuys_7", "gg__5", "gg_abcdefghijklmnop_123456789012", "日本語"})
    void isQuotableAndUrlSafe(String backendUser) {
        Secret password = BackendSecret.password(KEY, backendUser, 1);

        assertThat(password.reveal())
                .hasSize(47)
                .matches("[A-Za-z0-9_-]{43}-Gg9")
                .as("what password-strength plugins ask for")
                .containsPattern("[a-z]")
                .containsPattern("[A-Z]")
                .containsPattern("[0-9]")
                .containsPattern("[^A-Za-z0-9]");
        assertThat(SqlQuoting.literal(password.reveal())).isEqualTo("'" + password.reveal() + "'");
        assertThat(password.toString()).doesNotContain(password.reveal());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesVersionsBelowOne(int version) {
        assertThatThrownBy(() -> BackendSecret.password(KEY, "gg_xuys_7", version))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gg\u0000_1"})
    void refusesUsersThatWouldBlurTheMessage(String backendUser) {
        assertThatThrownBy(() -> BackendSecret.password(KEY, backendUser, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> BackendSecret.password(null, "gg_xuys_7", 1));
        assertThatNullPointerException().isThrownBy(() -> BackendSecret.password(KEY, null, 1));
    }
}
