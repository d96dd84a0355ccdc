package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.account.BackendUserName;
import io.grantgate.auth.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating, locking, re-keying and dropping backend accounts on the real test server. */
class BackendAccountIT {

    /** ER_ACCOUNT_HAS_BEEN_LOCKED: MariaDB's and MySQL's codes. */
    private static final int MARIADB_LOCKED = 4151;

    private static final int MYSQL_LOCKED = 3118;
    private static final int ACCESS_DENIED = 1045;

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
    void detectsTheTestServersDialect() {
        assertThat(fixture.dialect).isEqualTo(fixture.backend.isMariaDb() ? Dialect.MARIADB : Dialect.MYSQL);
    }

    @Test
    void createdAccountLogsInWithItsDerivedPassword() throws Exception {
        BackendLogin login = fixture.newLogin();
        assertThat(BackendGrants.exists(fixture.admin, login)).isFalse();

        Secret password = fixture.create(login, 1);

        assertThat(BackendGrants.exists(fixture.admin, login)).isTrue();
        try (Connection connection = fixture.loginAs(login, password)) {
            assertThat(BackendFixture.query(connection, "SELECT CURRENT_USER()"))
                    .isEqualTo(login.user() + "@%");
            assertThat(BackendFixture.query(connection, "SELECT 1 + 1")).isEqualTo("2");
        }
        assertThat(BackendGrants.read(fixture.admin, login)).isEmpty();
        assertThat(BackendGrants.isLocked(fixture.admin, login)).isFalse();
    }

    @Test
    void usesTheDialectsPlugin() throws Exception {
        BackendLogin login = fixture.newLogin();
        fixture.create(login, 1);

        String plugin = BackendFixture.query(
                fixture.admin, "SELECT plugin FROM mysql.user WHERE User = '" + login.user() + "'");

        assertThat(plugin).isEqualTo(fixture.dialect.backendAuthPlugin().pluginName());
    }

    @Test
    void createRepairsAnExistingAccountsPasswordAndIsIdempotent() throws Exception {
        BackendLogin login = fixture.newLogin();
        fixture.admin("CREATE USER " + login.sql() + " IDENTIFIED BY 'not-the-derived-one'");

        Secret password = fixture.create(login, 1);
        fixture.create(login, 1);

        try (Connection connection = fixture.loginAs(login, password)) {
            assertThat(BackendFixture.query(connection, "SELECT CURRENT_USER()"))
                    .isEqualTo(login.user() + "@%");
        }
        assertThatThrownBy(() -> fixture.loginAs(login, new Secret("not-the-derived-one"))
                        .close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(ACCESS_DENIED));
    }

    @Test
    void lockedAccountCannotLogInUntilUnlocked() throws Exception {
        BackendLogin login = fixture.newLogin();
        Secret password = fixture.create(login, 1);

        fixture.executor.run(java.util.List.of(fixture.statements.lock(login)));

        assertThat(BackendGrants.isLocked(fixture.admin, login)).isTrue();
        assertThatThrownBy(() -> fixture.loginAs(login, password).close())
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getErrorCode())
                                .isEqualTo(fixture.dialect == Dialect.MARIADB ? MARIADB_LOCKED : MYSQL_LOCKED));

        fixture.executor.run(java.util.List.of(fixture.statements.unlock(login)));

        assertThat(BackendGrants.isLocked(fixture.admin, login)).isFalse();
        try (Connection connection = fixture.loginAs(login, password)) {
            assertThat(BackendFixture.query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void newSecretVersionReplacesThePassword() throws Exception {
        BackendLogin login = fixture.newLogin();
        Secret version1 = fixture.create(login, 1);
        Secret version2 = BackendSecret.password(BackendFixture.KEY, login.user(), 2);

        fixture.executor.run(java.util.List.of(fixture.statements.setPassword(login, version2)));

        assertThatThrownBy(() -> fixture.loginAs(login, version1).close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(ACCESS_DENIED));
        try (Connection connection = fixture.loginAs(login, version2)) {
            assertThat(BackendFixture.query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void dropRemovesTheAccountAndIsIdempotent() throws Exception {
        BackendLogin login = fixture.newLogin();
        fixture.create(login, 1);

        fixture.executor.run(java.util.List.of(fixture.statements.drop(login), fixture.statements.drop(login)));

        assertThat(BackendGrants.exists(fixture.admin, login)).isFalse();
        assertThat(BackendGrants.derivedAccounts(fixture.admin)).doesNotContain(login);
    }

    @Test
    void derivedAccountsListsCreatedAccountsAndOnlyDerivedNames() throws Exception {
        BackendLogin first = fixture.newLogin();
        BackendLogin second = fixture.newLogin();
        fixture.create(first, 1);
        fixture.create(second, 1);

        assertThat(BackendGrants.derivedAccounts(fixture.admin))
                .contains(first, second)
                .allSatisfy(login ->
                        assertThat(BackendUserName.isDerived(login.user())).isTrue())
                .noneMatch(login -> login.user().equals(fixture.backend.login().user()));
    }

    @Test
    void lockStateOfAMissingAccountIsAnError() {
        BackendLogin missing = fixture.newLogin();
        assertThatThrownBy(() -> BackendGrants.isLocked(fixture.admin, missing))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("does not exist");
    }
}
