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
            })
    void parsesAdminInputCaseInsensitively(String text, Privilege expected) {
        assertThat(Privilege.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "SELEC",
                "ALL_PRIVILEGES",
                "CREATE_VIEW",
                "BINLOG_ADMIN",
                "PROXY",
                "CREATE ROLE",
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
                "REPLICATION SLAVE"
            })
    void refusesDangerousPrivilegesByDefaultSayingWhy(String text) {
        assertThatThrownBy(() -> Privilege.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" is refused because it ")
                .hasMessageContaining("allow-dangerous");
        assertThat(Privilege.parse(text, ALLOW_DANGEROUS).isDangerous()).isTrue();
    }

    @Test
    void dangerousSetIsExactlyThePrivilegesThatEscapeTheGatewayModel() {
        Set<Privilege> dangerous = Arrays.stream(Privilege.values())
                .filter(Privilege::isDangerous)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Privilege.class)));

        assertThat(dangerous)
                .containsExactlyInAnyOrder(
                        Privilege.GRANT_OPTION,
                        SUPER,
                        Privilege.CREATE_USER,
                        Privilege.FILE,
                        Privilege.SHUTDOWN,
                        Privilege.PROCESS,
                        Privilege.RELOAD,
                        Privilege.REPLICATION_CLIENT,
                        Privilege.REPLICATION_SLAVE);
        assertThat(dangerous).allSatisfy(p -> assertThat(p.dangerReason()).isPresent());
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
            })
    void appliesAtMySqlsLevels(Privilege privilege, String levels) {
        Set<GrantLevel> expected = Arrays.stream(levels.split(" "))
                .map(GrantLevel::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(GrantLevel.class)));

        assertThat(privilege.levels()).isEqualTo(expected);
        for (GrantLevel level : GrantLevel.values()) {
            assertThat(privilege.appliesAt(level)).isEqualTo(expected.contains(level));
        }
    }

    @Test
    void levelTableAboveCoversEveryPrivilege() {
        assertThat(Privilege.values()).hasSize(31);
    }

    @ParameterizedTest
    @EnumSource(Privilege.class)
    void sqlNameRoundTripsThroughTheCatalogLookup(Privilege privilege) {
        assertThat(Privilege.fromSqlName(privilege.sqlName())).isEqualTo(privilege);
        assertThat(privilege.sqlName()).isEqualTo(privilege.name().replace('_', ' '));
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
