package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a failed plan reports, on the real test server. */
class BackendExecutorIT {

    private BackendFixture fixture;

    @BeforeEach
    void open() throws SQLException {
        fixture = new BackendFixture();
    }

    @AfterEach
    void dropWhatTheTestCreated() throws SQLException {
        fixture.close();
    }

    @Test
    void failureReportsTheStatementsAppliedAndTheOneThatFailedAndStops() throws SQLException {
        BackendLogin login = fixture.newLogin();
        BackendLogin neverCreated = fixture.newLogin();
        String shop = fixture.newSchema("shop");
        Secret password = BackendSecret.password(BackendFixture.KEY, login.user(), 1);
        List<BackendStatement> create = fixture.statements.create(login, password);
        List<BackendStatement> grantToNobody =
                fixture.statements.grant(neverCreated, List.of(new Grant(Privilege.SELECT, GrantScope.database(shop))));
        List<BackendStatement> plan = new ArrayList<>(create);
        plan.addAll(grantToNobody);
        plan.add(fixture.statements.drop(login));

        assertThatThrownBy(() -> fixture.executor.run(plan)).isInstanceOfSatisfying(ProvisioningException.class, e -> {
            assertThat(e.applied()).isEqualTo(create);
            assertThat(e.failed()).isEqualTo(grantToNobody.get(0));
            assertThat(e.sqlState()).isNotBlank();
            assertThat(e.vendorCode()).isPositive();
            assertThat(e.getMessage())
                    .contains(grantToNobody.get(0).display())
                    .contains("2 statements had already run")
                    .doesNotContain(password.reveal());
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
        });
        assertThat(BackendGrants.exists(fixture.admin, login))
                .as("the statement after the failure did not run")
                .isTrue();
    }

    @Test
    void aFailedStatementCarryingASecretDoesNotLeakItThroughTheServersMessage() {
        BackendLogin login = fixture.newLogin();
        String secret =
                BackendSecret.password(BackendFixture.KEY, login.user(), 1).reveal();
        // a syntax error placed so that the server quotes the password literal back
        BackendStatement broken = new BackendStatement(
                "CREATE USER " + login.sql() + " IDENTIFIED BY BOGUS '" + secret + "'",
                "CREATE USER " + login.sql() + " IDENTIFIED BY BOGUS " + BackendStatement.SECRET_PLACEHOLDER);

        assertThatThrownBy(() -> fixture.executor.run(List.of(broken)))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.vendorCode()).isEqualTo(1064);
                    assertThat(e.getMessage())
                            .doesNotContain(secret.substring(0, 10))
                            .contains("<statement text withheld>");
                    assertThat(e.getCause().getMessage()).doesNotContain(secret.substring(0, 10));
                    assertThat(e.applied()).isEmpty();
                });
    }

    @Test
    void runsEveryStatementInOrder() throws Exception {
        BackendLogin login = fixture.newLogin();
        Secret password = BackendSecret.password(BackendFixture.KEY, login.user(), 1);
        List<BackendStatement> plan = new ArrayList<>(fixture.statements.create(login, password));
        plan.add(fixture.statements.lock(login));

        fixture.executor.run(plan);

        assertThat(BackendGrants.exists(fixture.admin, login)).isTrue();
        assertThat(BackendGrants.isLocked(fixture.admin, login)).isTrue();
    }
}
