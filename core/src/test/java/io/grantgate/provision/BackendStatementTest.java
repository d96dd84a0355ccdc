package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendStatementTest {

    @Test
    void aPlainStatementShowsItself() {
        BackendStatement statement = BackendStatement.of("DROP USER IF EXISTS 'gg_a_1'@'%'");

        assertThat(statement.display()).isEqualTo(statement.sql());
        assertThat(statement).hasToString("DROP USER IF EXISTS 'gg_a_1'@'%'");
        assertThat(statement.carriesSecret()).isFalse();
        assertThat(statement.withheldText()).isEmpty();
    }

    @Test
    void aStatementWithASecretShowsOnlyItsDisplayText() {
        BackendStatement statement = new BackendStatement(
                "ALTER USER 'gg_a_1'@'%' IDENTIFIED BY 'Xy7_-secret'",
                "ALTER USER 'gg_a_1'@'%' IDENTIFIED BY '<derived secret>'");

        assertThat(statement.carriesSecret()).isTrue();
        assertThat(statement.toString()).isEqualTo("ALTER USER 'gg_a_1'@'%' IDENTIFIED BY '<derived secret>'");
        assertThat(statement.withheldText()).contains("Xy7_-secret");
    }

    @Test
    void findsTheWithheldTextInTheMiddle() {
        BackendStatement statement =
                new BackendStatement("X USING PASSWORD('abc') Y", "X USING PASSWORD('<derived secret>') Y");
        assertThat(statement.withheldText()).contains("abc");
    }

    @Test
    void refusesEmptyAndNull() {
        assertThatThrownBy(() -> BackendStatement.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatNullPointerException().isThrownBy(() -> new BackendStatement(null, "x"));
        assertThatNullPointerException().isThrownBy(() -> new BackendStatement("x", null));
    }
}
