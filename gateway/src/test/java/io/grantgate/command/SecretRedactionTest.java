package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CREATE USER 'a'@'%' IDENTIFIED BY 's3cret' | CREATE USER 'a'@'%' IDENTIFIED BY '<secret>'",
                "create user a identified by \"it''s\" | create user a identified by '<secret>'",
                "ALTER USER a IDENTIFIED WITH caching_sha2_password BY 'x\\'y' | ALTER USER a IDENTIFIED WITH caching_sha2_password BY '<secret>'",
                "GRANT ALL ON *.* TO a IDENTIFIED BY PASSWORD '*ABC' | GRANT ALL ON *.* TO a IDENTIFIED BY PASSWORD '<secret>'",
                "SET PASSWORD = 'pw' | SET PASSWORD = '<secret>'",
                "SET PASSWORD FOR 'a'@'%' = PASSWORD('pw') | SET PASSWORD FOR 'a'@'%' = PASSWORD('<secret>')",
                "SELECT PASSWORD('pw'), 'kept' | SELECT PASSWORD('<secret>'), 'kept'",
                "SELECT OLD_PASSWORD('pw') | SELECT OLD_PASSWORD('<secret>')",
                "SELECT 'identified by nothing' | SELECT 'identified by nothing'",
                "SELECT 1 | SELECT 1",
                "INSERT INTO t VALUES ('password', 'x') | INSERT INTO t VALUES ('password', 'x')",
            })
    void passwordsInStatementTextBecomeSecret(String text, String recorded) {
        assertThat(SecretRedaction.redact(text)).isEqualTo(recorded);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"SET PASSWORD = ? | true", "CREATE USER ? IDENTIFIED BY ? | true", "SELECT ? | false"})
    void aPreparedStatementNamingPasswordsHasItsValuesWithheld(String text, boolean withheld) {
        assertThat(SecretRedaction.mentionsSecrets(text)).isEqualTo(withheld);
    }
}
