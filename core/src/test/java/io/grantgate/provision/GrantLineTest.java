package io.grantgate.provision;

import static io.grantgate.catalog.Privilege.ALL_PRIVILEGES;
import static io.grantgate.catalog.Privilege.GRANT_OPTION;
import static io.grantgate.catalog.Privilege.INSERT;
import static io.grantgate.catalog.Privilege.SELECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SHOW GRANTS lines as the servers print them. The MariaDB lines were captured from MariaDB
 * 11.4.5 (the embedded test server) for an account {@code gg_exp_1}@{@code %}; the MySQL lines
 * follow the MySQL 8.4 manual's examples.
 */
class GrantLineTest {

    private static final BackendLogin LOGIN = BackendLogin.anyHost("gg_exp_1");
    private static final String HASH = "'*71BB7C03B35C0759DD88911FEEAA23F69EA08EE6'";
    private static final GrantScope MY_DB = GrantScope.database("my_db");
    private static final GrantScope T1 = GrantScope.table("my_db", "t1");

    static Stream<Arguments> modelledLines() {
        return Stream.of(
                // the USAGE line: nothing granted, whatever follows TO
                arguments("GRANT USAGE ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH, List.of()),
                arguments("GRANT USAGE ON *.* TO `gg_exp_1`@`%`", List.of()),
                arguments(
                        "GRANT SELECT, INSERT ON `my\\_db`.* TO `gg_exp_1`@`%`",
                        List.of(g(SELECT, MY_DB), g(INSERT, MY_DB))),
                arguments(
                        "GRANT SELECT, INSERT ON `my\\_db`.* TO `gg_exp_1`@`%` WITH GRANT OPTION",
                        List.of(g(SELECT, MY_DB), g(INSERT, MY_DB), g(GRANT_OPTION, MY_DB))),
                arguments(
                        "GRANT SELECT, INSERT ON `my_db`.`t1` TO `gg_exp_1`@`%` WITH GRANT OPTION",
                        List.of(g(SELECT, T1), g(INSERT, T1), g(GRANT_OPTION, T1))),
                arguments(
                        "GRANT ALL PRIVILEGES ON `we``ird\\%`.* TO `gg_exp_1`@`%`",
                        List.of(g(ALL_PRIVILEGES, GrantScope.database("we`ird%")))),
                arguments(
                        "GRANT ALL PRIVILEGES ON `my_db`.`t1` TO `gg_exp_1`@`%` WITH GRANT OPTION",
                        List.of(g(ALL_PRIVILEGES, T1), g(GRANT_OPTION, T1))),
                arguments(
                        "GRANT ALL PRIVILEGES ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH
                                + " WITH GRANT OPTION",
                        List.of(g(ALL_PRIVILEGES, GrantScope.global()), g(GRANT_OPTION, GrantScope.global()))),
                arguments(
                        "GRANT USAGE ON `my\\_db`.* TO `gg_exp_1`@`%` WITH GRANT OPTION",
                        List.of(g(GRANT_OPTION, MY_DB))),
                arguments(
                        "GRANT RELOAD, SHUTDOWN, PROCESS, FILE, SHOW DATABASES, SUPER, REPLICATION SLAVE, BINLOG MONITOR, "
                                + "CREATE USER, CREATE TABLESPACE ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD "
                                + HASH,
                        Stream.of(
                                        Privilege.RELOAD,
                                        Privilege.SHUTDOWN,
                                        Privilege.PROCESS,
                                        Privilege.FILE,
                                        Privilege.SHOW_DATABASES,
                                        Privilege.SUPER,
                                        Privilege.REPLICATION_SLAVE,
                                        Privilege.REPLICATION_CLIENT,
                                        Privilege.CREATE_USER,
                                        Privilege.CREATE_TABLESPACE)
                                .map(p -> g(p, GrantScope.global()))
                                .toList()),
                arguments(
                        "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, CREATE TEMPORARY TABLES, "
                                + "LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER ON `my\\_db`.* "
                                + "TO `gg_exp_1`@`%`",
                        Stream.of(
                                        SELECT,
                                        INSERT,
                                        Privilege.UPDATE,
                                        Privilege.DELETE,
                                        Privilege.CREATE,
                                        Privilege.DROP,
                                        Privilege.REFERENCES,
                                        Privilege.INDEX,
                                        Privilege.ALTER,
                                        Privilege.CREATE_TEMPORARY_TABLES,
                                        Privilege.LOCK_TABLES,
                                        Privilege.EXECUTE,
                                        Privilege.CREATE_VIEW,
                                        Privilege.SHOW_VIEW,
                                        Privilege.CREATE_ROUTINE,
                                        Privilege.ALTER_ROUTINE,
                                        Privilege.EVENT,
                                        Privilege.TRIGGER)
                                .map(p -> g(p, MY_DB))
                                .toList()),
                // with ANSI_QUOTES in sql_mode both servers quote names in double quotes
                arguments("GRANT SELECT ON \"my\\_db\".* TO \"gg_exp_1\"@\"%\"", List.of(g(SELECT, MY_DB))),
                arguments(
                        "GRANT SELECT ON \"a\"\"b\".\"t\" TO \"gg_exp_1\"@\"%\"",
                        List.of(g(SELECT, GrantScope.table("a\"b", "t")))),
                // older style: account in single quotes, bare names, keywords in any case
                arguments(
                        "grant select on shop.orders to 'gg_exp_1'@'%'",
                        List.of(g(SELECT, GrantScope.table("shop", "orders")))),
                arguments(
                        "GRANT SELECT ON TABLE `shop`.`orders` TO `gg_exp_1`@`%`",
                        List.of(g(SELECT, GrantScope.table("shop", "orders")))),
                // MySQL 8.4 manual
                arguments(
                        "GRANT SELECT, INSERT, UPDATE ON `db1`.* TO `gg_exp_1`@`%`",
                        List.of(
                                g(SELECT, GrantScope.database("db1")),
                                g(INSERT, GrantScope.database("db1")),
                                g(Privilege.UPDATE, GrantScope.database("db1")))),
                // names that would break a naive parser
                arguments(
                        "GRANT SELECT ON `x TO y`.`a, b ON c` TO `gg_exp_1`@`%`",
                        List.of(g(SELECT, GrantScope.table("x TO y", "a, b ON c")))),
                arguments(
                        "GRANT SELECT ON `%'; DROP USER root; --`.`t` TO `gg_exp_1`@`%`",
                        List.of(g(SELECT, GrantScope.table("%'; DROP USER root; --", "t")))),
                arguments(
                        "GRANT SELECT ON `日本\\_db`.* TO `gg_exp_1`@`%`",
                        List.of(g(SELECT, GrantScope.database("日本_db")))));
    }

    @ParameterizedTest
    @MethodSource("modelledLines")
    void readsModelledGrants(String line, List<Grant> grants) {
        GrantLine.Content content = GrantLine.read(line, LOGIN);

        assertThat(content.unrecognised()).isEmpty();
        assertThat(content.grants()).containsExactlyElementsOf(grants);
    }

    static Stream<Arguments> unmodelledLines() {
        return Stream.of(
                arguments("GRANT `r_exp` TO `gg_exp_1`@`%`", List.of("GRANT `r_exp`")),
                arguments(
                        "GRANT SELECT (`a`) ON `my_db`.`t1` TO `gg_exp_1`@`%`",
                        List.of("GRANT SELECT (`a`) ON `my_db`.`t1`")),
                arguments(
                        "GRANT EXECUTE ON PROCEDURE `my_db`.`p` TO `gg_exp_1`@`%`",
                        List.of("GRANT EXECUTE ON PROCEDURE `my_db`.`p`")),
                arguments("GRANT PROXY ON ''@'' TO `gg_exp_1`@`%`", List.of("GRANT PROXY ON ''@''")),
                arguments("REVOKE SELECT ON `mysql`.* FROM `gg_exp_1`@`%`", List.of("REVOKE SELECT ON `mysql`.*")),
                // unescaped _ and % are wildcards: a grant GrantGate never makes
                arguments("GRANT SELECT ON `my_db`.* TO `gg_exp_1`@`%`", List.of("SELECT ON `my_db`.*")),
                arguments(
                        "GRANT SELECT, INSERT ON `sales%`.* TO `gg_exp_1`@`%`",
                        List.of("SELECT, INSERT ON `sales%`.*")),
                arguments("GRANT SELECT ON `a\\\\b`.* TO `gg_exp_1`@`%`", List.of("SELECT ON `a\\\\b`.*")),
                arguments("GRANT SELECT ON *.`t` TO `gg_exp_1`@`%`", List.of("SELECT ON *.`t`")),
                // another account's line
                arguments("GRANT SELECT ON `shop`.* TO `gg_other_2`@`%`", List.of("GRANT SELECT ON `shop`.*")),
                arguments("GRANT SELECT ON `shop`.* TO `gg_exp_1`@`10.0.0.%`", List.of("GRANT SELECT ON `shop`.*")),
                // broken lines are cut at TO as well
                arguments(
                        "GRANT SELECT ON `shop.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH,
                        List.of("GRANT SELECT ON `shop.*")),
                arguments("nonsense", List.of("nonsense")),
                arguments("", List.of("(empty line)")),
                // a name that would forge a line in a terminal
                arguments(
                        "GRANT SELECT ON `a\nGRANT ALL`.* TO `gg_other_1`@`%`",
                        List.of("GRANT SELECT ON `a\\u000AGRANT ALL`.*")),
                arguments(
                        "GRANT SELECT ON `a\u202Eb`.`t\u0000` TO `gg_exp_1`@`%`",
                        List.of("SELECT ON `a\\u202Eb`.`t\\u0000`")));
    }

    @ParameterizedTest
    @MethodSource("unmodelledLines")
    void reportsWhatItCannotModelWithoutTheTailOfTheLine(String line, List<String> unrecognised) {
        GrantLine.Content content = GrantLine.read(line, LOGIN);

        assertThat(content.grants()).isEmpty();
        assertThat(content.unrecognised()).isEqualTo(unrecognised);
    }

    @Test
    void readsTheModelledPartOfALineAndReportsTheRest() {
        GrantLine.Content content =
                GrantLine.read("GRANT SELECT, DELETE HISTORY, FIREWALL_ADMIN ON `my\\_db`.* TO `gg_exp_1`@`%`", LOGIN);

        assertThat(content.grants()).containsExactly(g(SELECT, MY_DB), g(Privilege.DELETE_HISTORY, MY_DB));
        assertThat(content.unrecognised()).containsExactly("FIREWALL_ADMIN ON `my\\_db`.*");
    }

    @Test
    void mysqlGlobalAllPrivilegesExpandsIntoNames() {
        // MySQL lists global ALL as static privileges, CREATE ROLE and DROP ROLE among them
        GrantLine.Content content = GrantLine.read(
                "GRANT SELECT, INSERT, CREATE ROLE, DROP ROLE ON *.* TO `gg_exp_1`@`%` WITH GRANT OPTION", LOGIN);

        assertThat(content.grants())
                .containsExactly(
                        g(SELECT, GrantScope.global()),
                        g(INSERT, GrantScope.global()),
                        g(Privilege.CREATE_ROLE, GrantScope.global()),
                        g(Privilege.DROP_ROLE, GrantScope.global()),
                        g(GRANT_OPTION, GrantScope.global()));
        assertThat(content.unrecognised()).isEmpty();
    }

    @Test
    void mysqlPrintsDynamicPrivilegesOnALineOfTheirOwnWithoutSpaces() {
        // as MySQL 8.4 prints them (SHOW GRANTS, "Privileges Provided by MySQL")
        GrantLine.Content content = GrantLine.read(
                "GRANT BINLOG_ADMIN,CONNECTION_ADMIN,REPLICATION_SLAVE_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* "
                        + "TO `gg_exp_1`@`%`",
                LOGIN);

        assertThat(content.grants())
                .containsExactly(
                        g(Privilege.BINLOG_ADMIN, GrantScope.global()),
                        g(Privilege.CONNECTION_ADMIN, GrantScope.global()),
                        g(Privilege.REPLICATION_SLAVE_ADMIN, GrantScope.global()),
                        g(Privilege.SYSTEM_VARIABLES_ADMIN, GrantScope.global()));
        assertThat(content.unrecognised()).isEmpty();
        assertThat(GrantLine.read("GRANT XA_RECOVER_ADMIN ON *.* TO `gg_exp_1`@`%` WITH GRANT OPTION", LOGIN)
                        .grants())
                .containsExactly(
                        g(Privilege.XA_RECOVER_ADMIN, GrantScope.global()), g(GRANT_OPTION, GrantScope.global()));
    }

    @Test
    void mariaDbPrintsItsOwnPrivilegesWithSpaces() {
        // as MariaDB 11.4 printed a grant of each (REPLICA MONITOR shows as SLAVE MONITOR)
        GrantLine.Content content = GrantLine.read(
                "GRANT INSERT, DELETE HISTORY, SET USER, FEDERATED ADMIN, CONNECTION ADMIN, READ_ONLY ADMIN, "
                        + "REPLICATION SLAVE ADMIN, REPLICATION MASTER ADMIN, BINLOG ADMIN, BINLOG REPLAY, "
                        + "SLAVE MONITOR, SHOW CREATE ROUTINE ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH,
                LOGIN);

        assertThat(content.unrecognised()).isEmpty();
        assertThat(content.grants())
                .extracting(Grant::privilege)
                .containsExactly(
                        INSERT,
                        Privilege.DELETE_HISTORY,
                        Privilege.SET_USER,
                        Privilege.FEDERATED_ADMIN,
                        Privilege.CONNECTION_ADMIN,
                        Privilege.READ_ONLY_ADMIN,
                        Privilege.REPLICATION_SLAVE_ADMIN,
                        Privilege.REPLICATION_MASTER_ADMIN,
                        Privilege.BINLOG_ADMIN,
                        Privilege.BINLOG_REPLAY,
                        Privilege.SLAVE_MONITOR,
                        Privilege.SHOW_CREATE_ROUTINE);
        assertThat(GrantLine.read("GRANT DELETE HISTORY, SHOW CREATE ROUTINE ON `my\\_db`.* TO `gg_exp_1`@`%`", LOGIN)
                        .grants())
                .containsExactly(g(Privilege.DELETE_HISTORY, MY_DB), g(Privilege.SHOW_CREATE_ROUTINE, MY_DB));
        assertThat(GrantLine.read("GRANT DELETE HISTORY ON `my_db`.`t1` TO `gg_exp_1`@`%`", LOGIN)
                        .grants())
                .containsExactly(g(Privilege.DELETE_HISTORY, T1));
    }

    @Test
    void privilegesAtTheWrongLevelAreReported() {
        GrantLine.Content content =
                GrantLine.read("GRANT FILE, SELECT, SHOW CREATE ROUTINE ON `shop`.`t` TO `gg_exp_1`@`%`", LOGIN);

        assertThat(content.grants()).containsExactly(g(SELECT, GrantScope.table("shop", "t")));
        assertThat(content.unrecognised()).containsExactly("FILE ON `shop`.`t`", "SHOW CREATE ROUTINE ON `shop`.`t`");
    }

    @Test
    void neverReportsThePasswordHash() {
        for (String line : List.of(
                "GRANT SELECT (`a`) ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH,
                "GRANT FIREWALL_ADMIN ON *.* TO `gg_exp_1`@`%` IDENTIFIED BY PASSWORD " + HASH,
                "GRANT USAGE ON *.* TO `gg_other_1`@`%` IDENTIFIED BY PASSWORD " + HASH)) {
            assertThat(GrantLine.read(line, LOGIN).unrecognised())
                    .isNotEmpty()
                    .noneMatch(text -> text.contains("71BB7C"));
        }
    }

    private static Grant g(Privilege privilege, GrantScope scope) {
        return new Grant(privilege, scope);
    }
}
