package io.grantgate.provision;

import static io.grantgate.catalog.Privilege.ALL_PRIVILEGES;
import static io.grantgate.catalog.Privilege.DELETE;
import static io.grantgate.catalog.Privilege.GRANT_OPTION;
import static io.grantgate.catalog.Privilege.INSERT;
import static io.grantgate.catalog.Privilege.SELECT;
import static io.grantgate.catalog.Privilege.SHOW_DATABASES;
import static io.grantgate.catalog.Privilege.UPDATE;
import static io.grantgate.catalog.Privilege.USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.account.MasterKey;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BackendStatementsTest {

    private static final MasterKey KEY = MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final BackendLogin LOGIN = BackendLogin.anyHost("gg_xuys_7");
    private static final Secret PASSWORD = BackendSecret.password(KEY, LOGIN.user(), 1);
    private static final String INJECTION = "%'; DROP USER root; --";

    private final BackendStatements mysql = new BackendStatements(Dialect.MYSQL);
    private final BackendStatements mariadb = new BackendStatements(Dialect.MARIADB);

    @Test
    void mysqlCreatesWithCachingSha2ThenSetsPluginAndPasswordOfAnExistingAccount() {
        List<BackendStatement> create = mysql.create(LOGIN, PASSWORD);

        assertThat(create)
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "CREATE USER IF NOT EXISTS 'gg_xuys_7'@'%' IDENTIFIED WITH caching_sha2_password BY '"
                                + PASSWORD.reveal() + "'",
                        "ALTER USER 'gg_xuys_7'@'%' IDENTIFIED WITH caching_sha2_password BY '" + PASSWORD.reveal()
                                + "'");
        assertThat(create)
                .extracting(BackendStatement::display)
                .containsExactly(
                        "CREATE USER IF NOT EXISTS 'gg_xuys_7'@'%' IDENTIFIED WITH caching_sha2_password BY '<derived secret>'",
                        "ALTER USER 'gg_xuys_7'@'%' IDENTIFIED WITH caching_sha2_password BY '<derived secret>'");
    }

    @Test
    void mariadbCreatesWithNativePasswordThenSetsPluginAndPasswordOfAnExistingAccount() {
        List<BackendStatement> create = mariadb.create(LOGIN, PASSWORD);

        assertThat(create)
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "CREATE USER IF NOT EXISTS 'gg_xuys_7'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('"
                                + PASSWORD.reveal() + "')",
                        "ALTER USER 'gg_xuys_7'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('"
                                + PASSWORD.reveal() + "')");
        assertThat(create)
                .extracting(BackendStatement::display)
                .containsExactly(
                        "CREATE USER IF NOT EXISTS 'gg_xuys_7'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('<derived secret>')",
                        "ALTER USER 'gg_xuys_7'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('<derived secret>')");
    }

    @Test
    void setPasswordIsTheSecondCreateStatement() {
        assertThat(mysql.setPassword(LOGIN, PASSWORD))
                .isEqualTo(mysql.create(LOGIN, PASSWORD).get(1));
        assertThat(mariadb.setPassword(LOGIN, PASSWORD))
                .isEqualTo(mariadb.create(LOGIN, PASSWORD).get(1));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void displayAndToStringNeverShowTheSecret(Dialect dialect) {
        BackendStatements statements = new BackendStatements(dialect);
        List<BackendStatement> all = new ArrayList<>(statements.create(LOGIN, PASSWORD));
        all.add(statements.setPassword(LOGIN, PASSWORD));

        for (BackendStatement statement : all) {
            assertThat(statement.sql()).contains(PASSWORD.reveal());
            assertThat(statement.display()).doesNotContain(PASSWORD.reveal()).contains("'<derived secret>'");
            assertThat(statement.toString()).doesNotContain(PASSWORD.reveal());
            assertThat(all.toString()).doesNotContain(PASSWORD.reveal());
            assertThat(statement.withheldText()).contains(PASSWORD.reveal());
        }
    }

    @Test
    void aPasswordWithAQuoteIsDoubledAndOneWithABackslashRefused() {
        assertThat(mysql.setPassword(LOGIN, new Secret("it's")).sql()).endsWith("BY 'it''s'");
        assertThatThrownBy(() -> mariadb.setPassword(LOGIN, new Secret("a\\b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backslash");
    }

    @Test
    void grantsSelectAndInsertOnADatabaseInServerOrder() {
        List<BackendStatement> grants = mysql.grant(
                BackendLogin.anyHost("gg_xuys_7"),
                List.of(grant(INSERT, GrantScope.database("shop")), grant(SELECT, GrantScope.database("shop"))));

        assertThat(grants)
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT, INSERT ON `shop`.* TO 'gg_xuys_7'@'%'");
        assertThat(grants.get(0).display()).isEqualTo(grants.get(0).sql());
    }

    @Test
    void oneGrantPerScopeGlobalThenDatabasesThenTablesWithGrantOptionAsAClause() {
        List<Grant> grants = List.of(
                grant(UPDATE, GrantScope.table("shop", "orders")),
                grant(GRANT_OPTION, GrantScope.table("shop", "orders")),
                grant(GRANT_OPTION, GrantScope.database("shop")),
                grant(SELECT, GrantScope.database("a_b")),
                grant(SHOW_DATABASES, GrantScope.global()),
                grant(DELETE, GrantScope.table("shop", "orders")));

        assertThat(mariadb.grant(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "GRANT SHOW DATABASES ON *.* TO 'gg_xuys_7'@'%'",
                        "GRANT SELECT ON `a\\_b`.* TO 'gg_xuys_7'@'%'",
                        "GRANT USAGE ON `shop`.* TO 'gg_xuys_7'@'%' WITH GRANT OPTION",
                        "GRANT UPDATE, DELETE ON `shop`.`orders` TO 'gg_xuys_7'@'%' WITH GRANT OPTION");
    }

    @Test
    void theOrderOfTheInputDoesNotMatter() {
        List<Grant> grants = List.of(
                grant(UPDATE, GrantScope.database("b")),
                grant(SELECT, GrantScope.database("a")),
                grant(INSERT, GrantScope.database("b")),
                grant(SELECT, GrantScope.database("b")));
        List<Grant> reversed = new ArrayList<>(grants);
        java.util.Collections.reverse(reversed);

        assertThat(mysql.grant(LOGIN, reversed)).isEqualTo(mysql.grant(LOGIN, grants));
        assertThat(mysql.grant(LOGIN, new LinkedHashSet<>(grants)))
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "GRANT SELECT ON `a`.* TO 'gg_xuys_7'@'%'",
                        "GRANT SELECT, INSERT, UPDATE ON `b`.* TO 'gg_xuys_7'@'%'");
    }

    @Test
    void allPrivilegesStandsAloneAndUsageIsLeftOut() {
        GrantScope shop = GrantScope.database("shop");

        assertThat(mysql.grant(
                        LOGIN, List.of(grant(SELECT, shop), grant(ALL_PRIVILEGES, shop), grant(GRANT_OPTION, shop))))
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT ALL PRIVILEGES ON `shop`.* TO 'gg_xuys_7'@'%' WITH GRANT OPTION");
        assertThat(mysql.grant(LOGIN, List.of(grant(USAGE, GrantScope.global()), grant(SELECT, shop))))
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT ON `shop`.* TO 'gg_xuys_7'@'%'");
        assertThat(mysql.grant(LOGIN, List.of(grant(USAGE, GrantScope.global()))))
                .isEmpty();
    }

    @Test
    void writesEachPrivilegeInTheBackendsSpelling() {
        List<Grant> grants = List.of(
                grant(Privilege.CONNECTION_ADMIN, GrantScope.global()),
                grant(Privilege.REPLICATION_SLAVE_ADMIN, GrantScope.global()),
                grant(Privilege.BINLOG_ADMIN, GrantScope.global()),
                grant(Privilege.REPLICATION_CLIENT, GrantScope.global()),
                grant(SELECT, GrantScope.global()));

        assertThat(mariadb.grant(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT, REPLICATION CLIENT, CONNECTION ADMIN, REPLICATION SLAVE ADMIN, "
                        + "BINLOG ADMIN ON *.* TO 'gg_xuys_7'@'%'");
        assertThat(mysql.grant(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT, REPLICATION CLIENT, CONNECTION_ADMIN, REPLICATION_SLAVE_ADMIN, "
                        + "BINLOG_ADMIN ON *.* TO 'gg_xuys_7'@'%'");
        assertThat(mysql.revoke(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .containsExactly("REVOKE SELECT, REPLICATION CLIENT, CONNECTION_ADMIN, REPLICATION_SLAVE_ADMIN, "
                        + "BINLOG_ADMIN ON *.* FROM 'gg_xuys_7'@'%'");
    }

    @Test
    void writesEachServersOwnPrivileges() {
        GrantScope shop = GrantScope.database("shop");
        assertThat(mariadb.grant(
                        LOGIN,
                        List.of(
                                grant(Privilege.SHOW_CREATE_ROUTINE, shop),
                                grant(Privilege.DELETE_HISTORY, shop),
                                grant(Privilege.READ_ONLY_ADMIN, GrantScope.global()))))
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "GRANT READ_ONLY ADMIN ON *.* TO 'gg_xuys_7'@'%'",
                        "GRANT DELETE HISTORY, SHOW CREATE ROUTINE ON `shop`.* TO 'gg_xuys_7'@'%'");
        assertThat(mysql.grant(
                        LOGIN,
                        List.of(
                                grant(Privilege.XA_RECOVER_ADMIN, GrantScope.global()),
                                grant(Privilege.CREATE_ROLE, GrantScope.global()),
                                grant(Privilege.RESOURCE_GROUP_USER, GrantScope.global()),
                                grant(SELECT, GrantScope.global()))))
                .extracting(BackendStatement::sql)
                .containsExactly(
                        "GRANT SELECT, CREATE ROLE, RESOURCE_GROUP_USER, XA_RECOVER_ADMIN ON *.* TO 'gg_xuys_7'@'%'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SYSTEM_VARIABLES_ADMIN | MARIADB | SYSTEM_VARIABLES_ADMIN is a MySQL privilege; this backend is MariaDB, which has no such privilege; the nearest MariaDB privilege is SUPER",
                "SET_ANY_DEFINER        | MARIADB | SET_ANY_DEFINER is a MySQL privilege; this backend is MariaDB, which has no such privilege; the nearest MariaDB privilege is SET USER",
                "ROLE_ADMIN             | MARIADB | ROLE_ADMIN is a MySQL privilege; this backend is MariaDB, which has no such privilege",
                "CREATE_ROLE            | MARIADB | CREATE ROLE is a MySQL privilege; this backend is MariaDB",
                "SET_USER               | MYSQL   | SET USER is a MariaDB privilege; this backend is MySQL, which has no such privilege; the nearest MySQL privilege is SET_ANY_DEFINER",
                "SLAVE_MONITOR          | MYSQL   | SLAVE MONITOR is a MariaDB privilege; this backend is MySQL, which has no such privilege; the nearest MySQL privilege is REPLICATION CLIENT",
                "BINLOG_REPLAY          | MYSQL   | BINLOG REPLAY is a MariaDB privilege; this backend is MySQL, which has no such privilege",
            })
    void refusesAPrivilegeTheBackendDoesNotHaveBeforeAnyStatement(
            Privilege privilege, Dialect dialect, String message) {
        BackendStatements statements = new BackendStatements(dialect);
        List<Grant> grants = List.of(grant(SELECT, GrantScope.database("shop")), grant(privilege, GrantScope.global()));

        assertThatThrownBy(() -> statements.grant(LOGIN, grants))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> statements.revoke(LOGIN, grants))
                .hasMessageStartingWith(privilege.sqlName() + " is a ");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nothingToGrantOrRevokeGivesNoStatements(Dialect dialect) {
        BackendStatements statements = new BackendStatements(dialect);
        assertThat(statements.grant(LOGIN, List.of())).isEmpty();
        assertThat(statements.revoke(LOGIN, List.of())).isEmpty();
        assertThat(statements.revoke(LOGIN, List.of(grant(USAGE, GrantScope.global()))))
                .isEmpty();
    }

    static Stream<Arguments> revokes() {
        GrantScope shop = GrantScope.database("shop");
        GrantScope orders = GrantScope.table("shop", "orders");
        return Stream.of(
                arguments(
                        List.of(grant(INSERT, shop), grant(SELECT, shop)),
                        List.of("REVOKE SELECT, INSERT ON `shop`.* FROM 'gg_xuys_7'@'%'")),
                arguments(
                        List.of(grant(GRANT_OPTION, orders), grant(SELECT, orders)),
                        List.of("REVOKE SELECT, GRANT OPTION ON `shop`.`orders` FROM 'gg_xuys_7'@'%'")),
                arguments(
                        List.of(grant(GRANT_OPTION, shop)),
                        List.of("REVOKE GRANT OPTION ON `shop`.* FROM 'gg_xuys_7'@'%'")),
                // the grammar takes ALL PRIVILEGES alone: GRANT OPTION needs its own statement
                arguments(
                        List.of(grant(GRANT_OPTION, shop), grant(ALL_PRIVILEGES, shop), grant(SELECT, shop)),
                        List.of(
                                "REVOKE ALL PRIVILEGES ON `shop`.* FROM 'gg_xuys_7'@'%'",
                                "REVOKE GRANT OPTION ON `shop`.* FROM 'gg_xuys_7'@'%'")),
                arguments(
                        List.of(grant(SELECT, orders), grant(SELECT, shop), grant(SHOW_DATABASES, GrantScope.global())),
                        List.of(
                                "REVOKE SHOW DATABASES ON *.* FROM 'gg_xuys_7'@'%'",
                                "REVOKE SELECT ON `shop`.* FROM 'gg_xuys_7'@'%'",
                                "REVOKE SELECT ON `shop`.`orders` FROM 'gg_xuys_7'@'%'")));
    }

    @ParameterizedTest
    @MethodSource("revokes")
    void revokesPerScope(List<Grant> grants, List<String> expected) {
        assertThat(mysql.revoke(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .isEqualTo(expected);
        assertThat(mariadb.revoke(LOGIN, grants))
                .extracting(BackendStatement::sql)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void accountStatementsAreTheSameInBothDialects(Dialect dialect) {
        BackendStatements statements = new BackendStatements(dialect);
        BackendLogin login = new BackendLogin("gg_a_1", "10.0.0.%");

        assertThat(statements.revokeAll(login).sql())
                .isEqualTo("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'gg_a_1'@'10.0.0.%'");
        assertThat(statements.lock(login).sql()).isEqualTo("ALTER USER 'gg_a_1'@'10.0.0.%' ACCOUNT LOCK");
        assertThat(statements.unlock(login).sql()).isEqualTo("ALTER USER 'gg_a_1'@'10.0.0.%' ACCOUNT UNLOCK");
        assertThat(statements.drop(login).sql()).isEqualTo("DROP USER IF EXISTS 'gg_a_1'@'10.0.0.%'");
        assertThat(List.of(
                        statements.revokeAll(login),
                        statements.lock(login),
                        statements.unlock(login),
                        statements.drop(login)))
                .allSatisfy(statement -> assertThat(statement.carriesSecret()).isFalse());
        assertThat(statements.dialect()).isEqualTo(dialect);
    }

    static Stream<Arguments> hostileScopes() {
        return Stream.of(
                arguments(GrantScope.database("x`; DROP USER root; --"), "`x``; DROP USER root; --`.*"),
                arguments(GrantScope.database(INJECTION), "`\\%'; DROP USER root; --`.*"),
                arguments(GrantScope.database("``"), "``````.*"),
                arguments(GrantScope.database("my_db"), "`my\\_db`.*"),
                arguments(GrantScope.database("日本_db"), "`日本\\_db`.*"),
                arguments(GrantScope.database("n".repeat(64)), "`" + "n".repeat(64) + "`.*"),
                arguments(GrantScope.table("it's", "t`1"), "`it's`.`t``1`"),
                arguments(GrantScope.table(INJECTION, "x`.*; --"), "`%'; DROP USER root; --`.`x``.*; --`"),
                arguments(GrantScope.table("my_db", "my_table"), "`my_db`.`my_table`"),
                arguments(
                        GrantScope.table("n".repeat(64), "t".repeat(64)),
                        "`" + "n".repeat(64) + "`.`" + "t".repeat(64) + "`"));
    }

    @ParameterizedTest
    @MethodSource("hostileScopes")
    void hostileNamesStayInsideTheirQuotes(GrantScope scope, String quotedScope) {
        List<Grant> grants = List.of(grant(SELECT, scope), grant(INSERT, scope));

        List<BackendStatement> granted = mysql.grant(LOGIN, grants);
        List<BackendStatement> revoked = mariadb.revoke(LOGIN, grants);

        assertThat(granted)
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT, INSERT ON " + quotedScope + " TO 'gg_xuys_7'@'%'");
        assertThat(revoked)
                .extracting(BackendStatement::sql)
                .containsExactly("REVOKE SELECT, INSERT ON " + quotedScope + " FROM 'gg_xuys_7'@'%'");
        // read back as a server would read it: exactly these grants, to exactly this account
        assertThat(GrantLine.read(granted.get(0).sql(), LOGIN).grants()).containsExactlyInAnyOrderElementsOf(grants);
        assertThat(GrantLine.read(granted.get(0).sql(), LOGIN).unrecognised()).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 8, 32})
    void refusesADatabasePatternThatTheServerWouldCutTo64Characters(int wildcards) {
        String name = "x".repeat(64 - wildcards) + "_".repeat(wildcards);
        List<Grant> grants = List.of(grant(SELECT, GrantScope.database(name)));

        assertThatThrownBy(() -> mariadb.grant(LOGIN, grants))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is " + (64 + wildcards) + " characters")
                .hasMessageContaining("at most 64");
        assertThatThrownBy(() -> mysql.revoke(LOGIN, grants)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPatternOfExactly64CharactersAndLongTableLevelNamesAreFine() {
        String escapedTo64 = "x".repeat(60) + "_%";
        String full = "a_".repeat(32);

        assertThat(mysql.grant(LOGIN, List.of(grant(SELECT, GrantScope.database(escapedTo64)))))
                .extracting(BackendStatement::sql)
                .containsExactly("GRANT SELECT ON `" + "x".repeat(60) + "\\_\\%`.* TO 'gg_xuys_7'@'%'");
        assertThat(mysql.grant(LOGIN, List.of(grant(SELECT, GrantScope.table(full, full)))))
                .hasSize(1);
    }

    @Test
    void refusesNull() {
        assertThatNullPointerException().isThrownBy(() -> new BackendStatements(null));
        assertThatNullPointerException().isThrownBy(() -> mysql.create(LOGIN, null));
        assertThatNullPointerException().isThrownBy(() -> mysql.create(null, PASSWORD));
        assertThatNullPointerException().isThrownBy(() -> mysql.grant(LOGIN, null));
        assertThatNullPointerException().isThrownBy(() -> mysql.grant(null, List.of()));
        Collection<Grant> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatNullPointerException().isThrownBy(() -> mysql.revoke(LOGIN, withNull));
    }

    private static Grant grant(Privilege privilege, GrantScope scope) {
        return new Grant(privilege, scope);
    }
}
