package io.grantgate.provision;

import static io.grantgate.catalog.Privilege.ALL_PRIVILEGES;
import static io.grantgate.catalog.Privilege.GRANT_OPTION;
import static io.grantgate.catalog.Privilege.INSERT;
import static io.grantgate.catalog.Privilege.SELECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.SqlQuoting;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grants and revokes on the real test server, read back with SHOW GRANTS and tried by logging in. */
class BackendGrantsIT {

    /** ER_TABLEACCESS_DENIED_ERROR and ER_DBACCESS_DENIED_ERROR. */
    private static final int TABLE_DENIED = 1142;

    private static final int DATABASE_DENIED = 1044;

    private BackendFixture fixture;
    private BackendLogin login;
    private Secret password;

    @BeforeEach
    void createAccount() throws Exception {
        fixture = new BackendFixture();
        login = fixture.newLogin();
        password = fixture.create(login, 1);
    }

    @AfterEach
    void dropWhatTheTestCreated() throws SQLException {
        fixture.close();
    }

    @Test
    void grantsReadBackExactlyAndTheServerEnforcesThem() throws Exception {
        String shop = fixture.newSchema("shop"); // t_shop_<run>_<n>: underscores, escaped in the grant
        String lookalike = fixture.createSchema(shop.replace('_', 'x')); // what an unescaped grant would reach
        String other = fixture.newSchema("other");
        String sales = fixture.newSchema("sales");
        fixture.createTable(shop, "orders");
        fixture.createTable(lookalike, "orders");
        fixture.createTable(other, "secrets");
        fixture.createTable(sales, "granted");
        fixture.createTable(sales, "not_granted");
        List<Grant> grants = List.of(
                grant(SELECT, GrantScope.database(shop)), grant(INSERT, GrantScope.database(shop)),
                grant(SELECT, GrantScope.table(sales, "granted")), grant(INSERT, GrantScope.table(sales, "granted")));

        fixture.executor.run(fixture.statements.grant(login, grants));

        assertThat(BackendGrants.read(fixture.admin, login)).containsExactlyInAnyOrderElementsOf(grants);
        try (Connection connection = fixture.loginAs(login, password)) {
            BackendFixture.execute(connection, "INSERT INTO " + table(shop, "orders") + " VALUES (1)");
            assertThat(BackendFixture.query(connection, "SELECT COUNT(*) FROM " + table(shop, "orders")))
                    .isEqualTo("1");
            BackendFixture.execute(connection, "INSERT INTO " + table(sales, "granted") + " VALUES (2)");
            assertThat(BackendFixture.query(connection, "SELECT id FROM " + table(sales, "granted")))
                    .isEqualTo("2");

            assertDenied(
                    TABLE_DENIED,
                    () -> BackendFixture.query(connection, "SELECT * FROM " + table(lookalike, "orders")));
            assertDenied(
                    TABLE_DENIED, () -> BackendFixture.query(connection, "SELECT * FROM " + table(other, "secrets")));
            assertDenied(
                    TABLE_DENIED,
                    () -> BackendFixture.query(connection, "SELECT * FROM " + table(sales, "not_granted")));
            assertDenied(
                    TABLE_DENIED, () -> BackendFixture.execute(connection, "DELETE FROM " + table(shop, "orders")));
            assertDenied(
                    DATABASE_DENIED, () -> BackendFixture.execute(connection, "USE " + SqlQuoting.identifier(other)));
        }
    }

    @Test
    void revokedPrivilegesAreGoneFromTheServer() throws Exception {
        String shop = fixture.newSchema("shop");
        String sales = fixture.newSchema("sales");
        fixture.createTable(shop, "orders");
        fixture.createTable(sales, "granted");
        fixture.executor.run(fixture.statements.grant(
                login,
                List.of(
                        grant(SELECT, GrantScope.database(shop)), grant(INSERT, GrantScope.database(shop)),
                        grant(SELECT, GrantScope.table(sales, "granted")),
                                grant(INSERT, GrantScope.table(sales, "granted")))));

        fixture.executor.run(fixture.statements.revoke(
                login,
                List.of(grant(INSERT, GrantScope.database(shop)), grant(SELECT, GrantScope.table(sales, "granted")))));

        assertThat(BackendGrants.read(fixture.admin, login))
                .containsExactlyInAnyOrder(
                        grant(SELECT, GrantScope.database(shop)), grant(INSERT, GrantScope.table(sales, "granted")));
        try (Connection connection = fixture.loginAs(login, password)) {
            assertThat(BackendFixture.query(connection, "SELECT COUNT(*) FROM " + table(shop, "orders")))
                    .isEqualTo("0");
            assertDenied(
                    TABLE_DENIED,
                    () -> BackendFixture.execute(connection, "INSERT INTO " + table(shop, "orders") + " VALUES (1)"));
            assertDenied(
                    TABLE_DENIED, () -> BackendFixture.query(connection, "SELECT * FROM " + table(sales, "granted")));
        }
    }

    @Test
    void hostileNamesRoundTripThroughGrantAndRead() throws Exception {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
        List<String> schemas = List.of(
                fixture.createSchema("gg`q'x_y%z " + suffix),
                fixture.createSchema("%'; DROP USER root; -- " + suffix),
                fixture.createSchema("日本_db\"" + suffix),
                fixture.createSchema(("n" + suffix).repeat(20).substring(0, 64)));
        String table = "t`1'; --_%";
        List<Grant> grants = new ArrayList<>();
        for (String schema : schemas) {
            fixture.createTable(schema, table);
            grants.add(grant(SELECT, GrantScope.database(schema)));
            grants.add(grant(INSERT, GrantScope.table(schema, table)));
        }
        // 64 characters with underscores: too long for a database-level grant once escaped, fine for a table
        String long64 = fixture.createSchema(("u_" + suffix).repeat(20).substring(0, 64));
        fixture.createTable(long64, table);
        grants.add(grant(SELECT, GrantScope.table(long64, table)));
        assertThatThrownBy(() -> fixture.statements.grant(login, List.of(grant(SELECT, GrantScope.database(long64)))))
                .isInstanceOf(IllegalArgumentException.class);

        fixture.executor.run(fixture.statements.grant(login, grants));
        fixture.admin("FLUSH PRIVILEGES"); // read what the server stored, not only what it caches

        assertThat(BackendGrants.read(fixture.admin, login)).containsExactlyInAnyOrderElementsOf(grants);
        try (Connection connection = fixture.loginAs(login, password)) {
            for (String schema : schemas) {
                BackendFixture.execute(connection, "INSERT INTO " + table(schema, table) + " VALUES (7)");
                assertThat(BackendFixture.query(connection, "SELECT id FROM " + table(schema, table)))
                        .isEqualTo("7");
            }
            assertThat(BackendFixture.query(connection, "SELECT COUNT(*) FROM " + table(long64, table)))
                    .isEqualTo("0");
        }
        fixture.executor.run(fixture.statements.revoke(login, grants));
        assertThat(BackendGrants.read(fixture.admin, login)).isEmpty();
    }

    @Test
    void allPrivilegesAndGrantOptionRoundTrip() throws Exception {
        String shop = fixture.newSchema("shop");
        fixture.createTable(shop, "orders");
        List<Grant> grants = List.of(
                grant(ALL_PRIVILEGES, GrantScope.table(shop, "orders")),
                        grant(GRANT_OPTION, GrantScope.table(shop, "orders")),
                grant(SELECT, GrantScope.database(shop)), grant(GRANT_OPTION, GrantScope.database(shop)));

        fixture.executor.run(fixture.statements.grant(login, grants));
        assertThat(BackendGrants.read(fixture.admin, login)).containsExactlyInAnyOrderElementsOf(grants);

        fixture.executor.run(fixture.statements.revoke(login, grants));
        assertThat(BackendGrants.read(fixture.admin, login)).isEmpty();
    }

    @Test
    void privilegesGrantGateDoesNotModelAreReportedNotDropped() throws Exception {
        String shop = fixture.newSchema("shop");
        fixture.admin("CREATE TABLE " + table(shop, "orders") + " (a INT, b INT)");
        fixture.executor.run(fixture.statements.grant(login, List.of(grant(SELECT, GrantScope.database(shop)))));
        // made by hand, outside GrantGate: a column privilege and a wildcard database grant
        fixture.admin("GRANT UPDATE (`a`) ON " + table(shop, "orders") + " TO " + login.sql());
        fixture.admin("GRANT SELECT ON `" + shop + "`.* TO " + login.sql());

        GrantListing listing = BackendGrants.inspect(fixture.admin, login);

        assertThat(listing.grants()).containsExactly(grant(SELECT, GrantScope.database(shop)));
        assertThat(listing.unrecognised())
                .containsExactlyInAnyOrder(
                        "GRANT UPDATE (`a`) ON " + table(shop, "orders"), "SELECT ON `" + shop + "`.*");
        assertThat(listing.unrecognised()).noneMatch(text -> text.contains(login.user()));
        assertThatThrownBy(() -> BackendGrants.read(fixture.admin, login))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GRANT UPDATE (`a`)")
                .hasMessageContaining("REVOKE ALL PRIVILEGES, GRANT OPTION");

        fixture.executor.run(List.of(fixture.statements.revokeAll(login)));

        assertThat(BackendGrants.read(fixture.admin, login)).isEmpty();
    }

    @Test
    void readingAMissingAccountFails() {
        BackendLogin missing = fixture.newLogin();
        assertThatThrownBy(() -> BackendGrants.read(fixture.admin, missing))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1141));
    }

    private static void assertDenied(int errorCode, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(errorCode));
    }

    private static String table(String schema, String table) {
        return SqlQuoting.identifier(schema) + "." + SqlQuoting.identifier(table);
    }

    private static Grant grant(Privilege privilege, GrantScope scope) {
        return new Grant(privilege, scope);
    }
}
