package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningExceptionTest {

    private static final String SECRET = "mu4XUiQPhbp1ciUYnrHes0EEqQYnU4NUdEZnoz5J3uU";
    private static final BackendStatement CREATE = new BackendStatement(
            "CREATE USER IF NOT EXISTS 'gg_a_1'@'%' IDENTIFIED BY '" + SECRET + "'",
            "CREATE USER IF NOT EXISTS 'gg_a_1'@'%' IDENTIFIED BY '<derived secret>'");
    private static final BackendStatement GRANT = BackendStatement.of("GRANT SELECT ON `shop`.* TO 'gg_a_1'@'%'");

    @Test
    void carriesTheFailedStatementWhatHadRunAndTheServersCodes() {
        SQLException cause = new SQLException("Can't find any matching row in the user table", "42000", 1133);

        ProvisioningException e = new ProvisioningException(GRANT, List.of(CREATE), cause);

        assertThat(e.failed()).isEqualTo(GRANT);
        assertThat(e.applied()).containsExactly(CREATE);
        assertThat(e.sqlState()).isEqualTo("42000");
        assertThat(e.vendorCode()).isEqualTo(1133);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getMessage())
                .isEqualTo(
                        "backend statement failed: GRANT SELECT ON `shop`.* TO 'gg_a_1'@'%': "
                                + "Can't find any matching row in the user table (error 1133, SQLSTATE 42000); 1 statement had already run");
        assertThat(e.toString()).doesNotContain(SECRET);
    }

    @Test
    void withholdsTheStatementFragmentASyntaxErrorQuotes() {
        SQLException cause = new SQLSyntaxErrorException(
                "You have an error in your SQL syntax; check the manual that "
                        + "corresponds to your MariaDB server version for the right syntax to use near '"
                        + SECRET.substring(0, 30)
                        + "' at line 1",
                "42000",
                1064);

        ProvisioningException e = new ProvisioningException(CREATE, List.of(), cause);

        assertThat(e.getMessage())
                .doesNotContain(SECRET.substring(0, 8))
                .contains("near '<statement text withheld>' at line 1")
                .contains("(error 1064, SQLSTATE 42000); 0 statements had already run")
                .contains("IDENTIFIED BY '<derived secret>'");
        assertThat(e.getCause()).isNotSameAs(cause).hasMessageNotContaining(SECRET.substring(0, 8));
        assertThat(e.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(e.sqlState()).isEqualTo("42000");
        assertThat(e.vendorCode()).isEqualTo(1064);
    }

    @Test
    void replacesTheSecretWhereverTheServerRepeatsIt() {
        SQLException cause = new SQLException("password '" + SECRET + "' is too weak", "HY000", 1819);

        ProvisioningException e = new ProvisioningException(CREATE, List.of(), cause);

        assertThat(e.getMessage()).doesNotContain(SECRET).contains("password '<derived secret>' is too weak");
        assertThat(e.getCause().getMessage()).doesNotContain(SECRET);
    }

    @Test
    void keepsTheDriversExceptionWhenItShowsNoSecret() {
        SQLException cause = new SQLException("Operation CREATE USER failed for 'gg_a_1'@'%'", "HY000", 1396);
        assertThat(new ProvisioningException(CREATE, List.of(), cause).getCause())
                .isSameAs(cause);
    }

    @Test
    void aStatementWithoutSecretKeepsTheServersMessageAsItIs() {
        SQLException cause = new SQLSyntaxErrorException("... near 'BOGUS' at line 1", "42000", 1064);
        assertThat(new ProvisioningException(GRANT, List.of(), cause).getMessage())
                .contains("near 'BOGUS' at line 1");
    }

    @Test
    void appliedIsACopy() {
        List<BackendStatement> applied = new java.util.ArrayList<>(List.of(CREATE));
        ProvisioningException e = new ProvisioningException(GRANT, applied, new SQLException("x"));
        applied.clear();

        assertThat(e.applied()).containsExactly(CREATE);
        assertThat(e.sqlState()).isNull();
        assertThat(e.vendorCode()).isZero();
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException()
                .isThrownBy(() -> new ProvisioningException(null, List.of(), new SQLException("x")));
        assertThatNullPointerException()
                .isThrownBy(() -> new ProvisioningException(GRANT, null, new SQLException("x")));
        assertThatNullPointerException().isThrownBy(() -> new ProvisioningException(GRANT, List.of(), null));
    }
}
