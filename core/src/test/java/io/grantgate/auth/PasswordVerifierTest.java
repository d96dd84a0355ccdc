package io.grantgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PasswordVerifierTest {

    @ParameterizedTest
    @EnumSource(AuthPlugin.class)
    void createdVerifiersMatchTheirPasswordAndSurviveTheStoredForm(AuthPlugin plugin) {
        PasswordVerifier verifier = PasswordVerifier.create(plugin, "s3cret!");

        PasswordVerifier stored = PasswordVerifier.parse(plugin, verifier.authenticationString());

        assertThat(stored).isEqualTo(verifier);
        assertThat(stored.plugin()).isEqualTo(plugin);
        assertThat(stored.matches("s3cret!")).isTrue();
        assertThat(stored.matches("s3cret")).isFalse();
        assertThat(stored.toString())
                .doesNotContain(verifier.authenticationString().substring(7));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MYSQL_NATIVE_PASSWORD | *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19                              | unsalted",
                "CACHING_SHA2_PASSWORD | $A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678 | 5000 rounds",
            })
    void parseDispatchesOnThePlugin(AuthPlugin plugin, String stored, String expected) {
        PasswordVerifier verifier = PasswordVerifier.parse(plugin, stored);

        // The sealed interface lets callers switch exhaustively, without a default branch.
        String described = switch (verifier) {
            case NativePasswordVerifier n -> "unsalted";
            case CachingSha2Verifier c -> c.iterations() + " rounds";
        };
        assertThat(described).isEqualTo(expected);
        assertThat(verifier.authenticationString()).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MYSQL_NATIVE_PASSWORD | $A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678",
                "CACHING_SHA2_PASSWORD | *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
                "MYSQL_NATIVE_PASSWORD | ''",
                "CACHING_SHA2_PASSWORD | ''",
            })
    void parseRejectsAnotherPluginsFormAndTheEmptyString(AuthPlugin plugin, String stored) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PasswordVerifier.parse(plugin, stored))
                .withMessageContaining(plugin.pluginName())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2470C0C0", "abcdefgh"));
    }
}
