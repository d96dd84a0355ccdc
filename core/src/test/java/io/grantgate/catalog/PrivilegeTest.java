package io.grantgate.catalog;

import static io.grantgate.catalog.Privilege.ALL_PRIVILEGES;
import static io.grantgate.catalog.Privilege.INSERT;
import static io.grantgate.catalog.Privilege.SELECT;
import static io.grantgate.catalog.Privilege.SUPER;
import static io.grantgate.catalog.Privilege.UPDATE;
import static io.grantgate.catalog.PrivilegePolicy.ALLOW_DANGEROUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrivilegeTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "select                   | SELECT",
                "SELECT                   | SELECT",
                "'  Select  '             | SELECT",
                "insert                   | INSERT",
                "create view              | CREATE_VIEW",
                "'CREATE   TEMPORARY\tTABLES' | CREATE_TEMPORARY_TABLES",
                "all                      | ALL_PRIVILEGES",
                "ALL PRIVILEGES           | ALL_PRIVILEGES",
                "all privileges           | ALL_PRIVILEGES",
                "usage                    | USAGE",
                "Show View                | SHOW_VIEW",
                "lock tables              | LOCK_TABLES",
                "show databases           | SHOW_DATABASES",
                "create tablespace        | CREATE_TABLESPACE",
                "connection admin         | CONNECTION_ADMIN",
                "CONNECTION_ADMIN         | CONNECTION_ADMIN",
                "'Connection \t Admin'    | CONNECTION_ADMIN",
                "binlog_admin             | BINLOG_ADMIN",
                "'REPLICATION  SLAVE ADMIN' | REPLICATION_SLAVE_ADMIN",
                "replication_slave_admin  | REPLICATION_SLAVE_ADMIN",
                "binlog monitor           | REPLICATION_CLIENT",
                "replica monitor          | SLAVE_MONITOR",
                "slave monitor            | SLAVE_MONITOR",
                "read_only admin          | READ_ONLY_ADMIN",
                "read only admin          | READ_ONLY_ADMIN",
                "delete history           | DELETE_HISTORY",
                "show create routine      | SHOW_CREATE_ROUTINE",
                "create role              | CREATE_ROLE",
                "system_variables_admin   | SYSTEM_VARIABLES_ADMIN",
                "Resource_Group_User      | RESOURCE_GROUP_USER",
            })
    void parsesAdminInputCaseInsensitively(String text, Privilege expected) {
        assertThat(Privilege.parse(text, ALLOW_DANGEROUS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "SELEC",
                "ALL_PRIVILEGES",
                "CREATE_VIEW",
                "BINLOG-ADMIN",
                "SYSTEM VARIABLES ADMIN",
                "DELETE_HISTORY",
                "FIREWALL_ADMIN",
                "PROXY",
                "SELECT INSERT",
                "select;drop",
                "all privilege"
            })
    void refusesUnknownNamesListingTheKnownOnes(String text) {
        assertThatThrownBy(() -> Privilege.parse(text, ALLOW_DANGEROUS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown privilege ")
                .hasMessageContaining("expected one of ALL PRIVILEGES, ALTER,");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GRANT OPTION",
                "super",
                "create user",
                "FILE",
                "shutdown",
                "process",
                "reload",
                "replication client",
                "REPLICATION SLAVE",
                "connection admin",
                "CONNECTION_ADMIN",
                "set user",
                "SET_ANY_DEFINER",
                "binlog replay",
                "read_only admin",
                "federated admin",
                "slave monitor",
                "system_variables_admin",
                "role_admin",
                "create role",
                "flush_status",
                "session_variables_admin",
                "skip_query_rewrite",
                "application_password_admin"
            })
    void refusesDangerousPrivilegesByDefaultSayingWhy(String text) {
        assertThatThrownBy(() -> Privilege.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" is refused because it ")
                .hasMessageContaining("allow-dangerous");
        assertThat(Privilege.parse(text, ALLOW_DANGEROUS).isDangerous()).isTrue();
    }

    @Test
    void safeSetIsExactlyThePrivilegesThatActWithinTheAccountsOwnGrants() {
        Set<Privilege> safe = Arrays.stream(Privilege.values())
                .filter(p -> !p.isDangerous())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Privilege.class)));

        assertThat(safe)
                .containsExactlyInAnyOrder(
                        ALL_PRIVILEGES,
                        Privilege.ALTER,
                        Privilege.ALTER_ROUTINE,
                        Privilege.CREATE,
                        Privilege.CREATE_ROUTINE,
                        Privilege.CREATE_TABLESPACE,
                        Privilege.CREATE_TEMPORARY_TABLES,
                        Privilege.CREATE_VIEW,
                        Privilege.DELETE,
                        Privilege.DROP,
                        Privilege.EVENT,
                        Privilege.EXECUTE,
                        Privilege.INDEX,
                        INSERT,
                        Privilege.LOCK_TABLES,
                        Privilege.REFERENCES,
                        SELECT,
                        Privilege.SHOW_DATABASES,
                        Privilege.SHOW_VIEW,
                        Privilege.TRIGGER,
                        UPDATE,
                        Privilege.USAGE,
                        Privilege.DELETE_HISTORY,
                        Privilege.SHOW_CREATE_ROUTINE,
                        Privilege.RESOURCE_GROUP_USER);
        assertThat(Arrays.stream(Privilege.values()).filter(Privilege::isDangerous))
                .allSatisfy(p -> assertThat(p.dangerReason())
                        .hasValueSatisfying(r -> assertThat(r).startsWith("it")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT              | SELECT              | SELECT",
                "REPLICATION_CLIENT  | REPLICATION CLIENT  | REPLICATION CLIENT",
                "CONNECTION_ADMIN    | CONNECTION_ADMIN    | CONNECTION ADMIN",
                "BINLOG_ADMIN        | BINLOG_ADMIN        | BINLOG ADMIN",
                "REPLICATION_SLAVE_ADMIN | REPLICATION_SLAVE_ADMIN | REPLICATION SLAVE ADMIN",
                "DELETE_HISTORY      |                     | DELETE HISTORY",
                "READ_ONLY_ADMIN     |                     | READ_ONLY ADMIN",
                "SHOW_CREATE_ROUTINE |                     | SHOW CREATE ROUTINE",
                "CREATE_ROLE         | CREATE ROLE         |",
                "SYSTEM_VARIABLES_ADMIN | SYSTEM_VARIABLES_ADMIN |",
            })
    void knowsEachServersSpelling(Privilege privilege, String mysql, String mariaDb) {
        assertThat(privilege.mysqlName().orElse(null)).isEqualTo(mysql);
        assertThat(privilege.mariaDbName().orElse(null)).isEqualTo(mariaDb);
    }

    @Test
    void everyPrivilegeExistsOnAtLeastOneServer() {
        assertThat(Privilege.values())
                .allSatisfy(p -> assertThat(
                                p.mysqlName().isPresent() || p.mariaDbName().isPresent())
                        .isTrue());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "BINLOG MONITOR    | REPLICATION_CLIENT",
                "REPLICATION CLIENT | REPLICATION_CLIENT",
                "CONNECTION ADMIN  | CONNECTION_ADMIN",
                "CONNECTION_ADMIN  | CONNECTION_ADMIN",
                "READ_ONLY ADMIN   | READ_ONLY_ADMIN",
                "SLAVE MONITOR     | SLAVE_MONITOR",
                "XA_RECOVER_ADMIN  | XA_RECOVER_ADMIN",
            })
    void readsEitherServersName(String name, Privilege expected) {
        assertThat(Privilege.fromServerName(name)).contains(expected);
    }

    @Test
    void serverNameLookupIsExact() {
        assertThat(Privilege.fromServerName("connection admin")).isEmpty();
        assertThat(Privilege.fromServerName("FIREWALL_ADMIN")).isEmpty();
        assertThat(Privilege.fromServerName("ALL")).isEmpty();
    }

    /** MySQL 8.4 "Permissible Static Privileges for GRANT and REVOKE", restricted to our three levels. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALL_PRIVILEGES          | GLOBAL DATABASE TABLE",
                "ALTER                   | GLOBAL DATABASE TABLE",
                "ALTER_ROUTINE           | GLOBAL DATABASE",
                "CREATE                  | GLOBAL DATABASE TABLE",
                "CREATE_ROUTINE          | GLOBAL DATABASE",
                "CREATE_TABLESPACE       | GLOBAL",
                "CREATE_TEMPORARY_TABLES | GLOBAL DATABASE",
                "CREATE_USER             | GLOBAL",
                "CREATE_VIEW             | GLOBAL DATABASE TABLE",
                "DELETE                  | GLOBAL DATABASE TABLE",
                "DROP                    | GLOBAL DATABASE TABLE",
                "EVENT                   | GLOBAL DATABASE",
                "EXECUTE                 | GLOBAL DATABASE",
                "FILE                    | GLOBAL",
                "GRANT_OPTION            | GLOBAL DATABASE TABLE",
                "INDEX                   | GLOBAL DATABASE TABLE",
                "INSERT                  | GLOBAL DATABASE TABLE",
                "LOCK_TABLES             | GLOBAL DATABASE",
                "PROCESS                 | GLOBAL",
                "REFERENCES              | GLOBAL DATABASE TABLE",
                "RELOAD                  | GLOBAL",
                "REPLICATION_CLIENT      | GLOBAL",
                "REPLICATION_SLAVE       | GLOBAL",
                "SELECT                  | GLOBAL DATABASE TABLE",
                "SHOW_DATABASES          | GLOBAL",
                "SHOW_VIEW               | GLOBAL DATABASE TABLE",
                "SHUTDOWN                | GLOBAL",
                "SUPER                   | GLOBAL",
                "TRIGGER                 | GLOBAL DATABASE TABLE",
                "UPDATE                  | GLOBAL DATABASE TABLE",
                "USAGE                   | GLOBAL DATABASE TABLE",
                "DELETE_HISTORY          | GLOBAL DATABASE TABLE",
                "SHOW_CREATE_ROUTINE     | GLOBAL DATABASE",
                "CONNECTION_ADMIN        | GLOBAL",
                "SET_USER                | GLOBAL",
                "CREATE_ROLE             | GLOBAL",
                "DROP_ROLE               | GLOBAL",
                "RESOURCE_GROUP_USER     | GLOBAL",
                "SYSTEM_VARIABLES_ADMIN  | GLOBAL",
            })
    void appliesAtTheServersLevels(Privilege privilege, String levels) {
        Set<GrantLevel> expected = Arrays.stream(levels.split(" "))
                .map(GrantLevel::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(GrantLevel.class)));

        assertThat(privilege.levels()).isEqualTo(expected);
        for (GrantLevel level : GrantLevel.values()) {
            assertThat(privilege.appliesAt(level)).isEqualTo(expected.contains(level));
        }
    }

    @Test
    void onlyTheStaticPrivilegesApplyBelowTheGlobalLevel() {
        Set<Privilege> belowGlobal = Arrays.stream(Privilege.values())
                .filter(p -> p.appliesAt(GrantLevel.DATABASE) || p.appliesAt(GrantLevel.TABLE))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Privilege.class)));
        assertThat(belowGlobal).hasSize(23).contains(Privilege.DELETE_HISTORY, Privilege.SHOW_CREATE_ROUTINE);
        // 31 shared, 3 spelled differently, 8 MariaDB-only, 2 static and 39 dynamic MySQL-only
        assertThat(Privilege.values()).hasSize(83);
    }

    @ParameterizedTest
    @EnumSource(Privilege.class)
    void sqlNameRoundTripsThroughTheCatalogLookup(Privilege privilege) {
        assertThat(Privilege.fromSqlName(privilege.sqlName())).isEqualTo(privilege);
        assertThat(Privilege.parse(privilege.sqlName(), ALLOW_DANGEROUS)).isEqualTo(privilege);
        // spaces where a server writes spaces; MySQL's dynamic names and READ_ONLY keep their underscores
        assertThat(privilege.name()).isEqualTo(privilege.sqlName().replace(' ', '_'));
        assertThat(privilege.levels()).isNotEmpty().contains(GrantLevel.GLOBAL);
    }

    @Test
    void catalogLookupIsExact() {
        assertThatThrownBy(() -> Privilege.fromSqlName("select")).hasMessageContaining("unknown privilege 'select'");
        assertThatThrownBy(() -> Privilege.fromSqlName("ALL")).hasMessageContaining("unknown privilege 'ALL'");
    }

    @Test
    void parsesACommaSeparatedListInDeclarationOrder() {
        assertThat(Privilege.parseList("UPDATE,insert, select")).containsExactly(INSERT, SELECT, UPDATE);
        assertThat(Privilege.parseList("select, SELECT ,Select")).containsExactly(SELECT);
        assertThat(Privilege.parseList("all")).containsExactly(ALL_PRIVILEGES);
        assertThat(Privilege.parseList("select,super", ALLOW_DANGEROUS)).containsExactly(SELECT, SUPER);
    }

    @Test
    void parsedListIsUnmodifiable() {
        Set<Privilege> privileges = Privilege.parseList("SELECT");
        assertThatThrownBy(() -> privileges.add(INSERT)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                 | privilege list is empty",
                "'  '               | privilege list is empty",
                "SELECT,,INSERT     | has an empty entry",
                "SELECT,            | has an empty entry",
                ",SELECT            | has an empty entry",
                "ALL,SELECT         | ALL PRIVILEGES cannot be combined",
                "select, all privileges | ALL PRIVILEGES cannot be combined",
                "SELECT,SUPER       | SUPER is refused because",
                "SELECT,FOO         | unknown privilege 'FOO'",
                "SELECT INSERT      | unknown privilege 'SELECT INSERT'",
            })
    void refusesBadLists(String text, String problem) {
        assertThatThrownBy(() -> Privilege.parseList(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }
}
