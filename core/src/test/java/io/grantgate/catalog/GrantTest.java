package io.grantgate.catalog;

import static io.grantgate.catalog.PrivilegePolicy.ALLOW_DANGEROUS;
import static io.grantgate.catalog.PrivilegePolicy.SAFE_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GrantTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT         | *.*",
                "SELECT         | sales.*",
                "SELECT         | sales.orders",
                "EXECUTE        | sales.*",
                "CREATE VIEW    | sales.orders",
                "ALL PRIVILEGES | sales.*",
                "ALL PRIVILEGES | sales.orders",
                "USAGE          | *.*",
                "SHOW DATABASES | *.*",
                "LOCK TABLES    | sales.*",
                "DELETE HISTORY | *.*",
                "DELETE HISTORY | sales.*",
                "DELETE HISTORY | sales.orders",
                "SHOW CREATE ROUTINE | sales.*",
                "RESOURCE_GROUP_USER | *.*",
            })
    void acceptsPrivilegesAtTheirLevels(String privilege, String scope) {
        Grant grant = Grant.of(Privilege.parse(privilege), GrantScope.parse(scope), SAFE_ONLY);

        assertThat(grant.privilege().sqlName()).isEqualTo(privilege);
        assertThat(grant.isDangerous()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FILE           | sales.*      | FILE cannot be granted on `sales`.*: it applies at the global level (*.*) only",
                "SUPER          | sales.orders | SUPER cannot be granted on `sales`.`orders`: it applies at the global level (*.*) only",
                "SHOW DATABASES | sales.*      | it applies at the global level (*.*) only",
                "PROCESS        | sales.*      | it applies at the global level (*.*) only",
                "EXECUTE        | sales.orders | it applies at the global level (*.*) and the database level (db.*) only",
                "LOCK TABLES    | sales.orders | it applies at the global level (*.*) and the database level (db.*) only",
                "CREATE ROUTINE | sales.orders | it applies at the global level (*.*) and the database level (db.*) only",
                "EVENT          | sales.orders | it applies at the global level (*.*) and the database level (db.*) only",
                "SHOW CREATE ROUTINE | sales.orders | it applies at the global level (*.*) and the database level (db.*) only",
                "CONNECTION ADMIN | sales.*    | CONNECTION ADMIN cannot be granted on `sales`.*: it applies at the global level (*.*) only",
                "SYSTEM_VARIABLES_ADMIN | sales.* | it applies at the global level (*.*) only",
                "CREATE ROLE    | sales.*      | it applies at the global level (*.*) only",
            })
    void refusesPrivilegesOutsideTheirLevels(String privilege, String scope, String message) {
        Privilege parsed = Privilege.parse(privilege, ALLOW_DANGEROUS);
        GrantScope parsedScope = GrantScope.parse(scope);

        assertThatThrownBy(() -> new Grant(parsed, parsedScope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> everyPrivilegeAtEveryLevel() {
        return Stream.of(Privilege.values())
                .flatMap(p -> Stream.of(
                        Arguments.of(p, GrantScope.global()),
                        Arguments.of(p, GrantScope.database("sales")),
                        Arguments.of(p, GrantScope.table("sales", "orders"))));
    }

    @ParameterizedTest
    @MethodSource("everyPrivilegeAtEveryLevel")
    void constructorFollowsThePrivilegeLevels(Privilege privilege, GrantScope scope) {
        if (privilege.appliesAt(scope.level())) {
            assertThat(new Grant(privilege, scope).scope()).isEqualTo(scope);
        } else {
            assertThatThrownBy(() -> new Grant(privilege, scope)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SUPER          | *.*             | it bypasses read_only",
                "GRANT OPTION   | sales.*         | hand its privileges to accounts the gateway does not know",
                "FILE           | *.*             | reads and writes files",
                "ALL PRIVILEGES | *.*             | on *.* it includes SUPER, FILE, CREATE USER",
                "SELECT         | mysql.*         | the mysql schema holds the grant tables",
                "INSERT         | mysql.user      | the mysql schema holds the grant tables",
                "SELECT         | `MySQL`.`user`  | the mysql schema holds the grant tables",
                "SHOW CREATE ROUTINE | *.*        | every routine in every database",
                "DELETE HISTORY | mysql.*         | the mysql schema holds the grant tables",
                "CONNECTION_ADMIN | *.*           | kills other accounts' sessions",
                "SET USER       | *.*             | names any account as DEFINER",
            })
    void refusesDangerousGrantsUnlessAllowed(String privilege, String scope, String reason) {
        Privilege parsed = Privilege.parse(privilege, ALLOW_DANGEROUS);
        GrantScope parsedScope = GrantScope.parse(scope);

        assertThatThrownBy(() -> Grant.of(parsed, parsedScope, SAFE_ONLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" is refused because ")
                .hasMessageContaining(reason);
        assertThat(Grant.of(parsed, parsedScope, ALLOW_DANGEROUS).dangerReason())
                .get()
                .asString()
                .contains(reason);
        // a catalog row holding it was allowed when written, so loading it must work
        assertThat(new Grant(parsed, parsedScope).isDangerous()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALL PRIVILEGES | sales.*",
                "SELECT         | mysqlx.*",
                "SELECT         | sales.mysql",
                "SELECT         | *.*",
            })
    void safeGrantsHaveNoDangerReason(String privilege, String scope) {
        assertThat(new Grant(Privilege.parse(privilege), GrantScope.parse(scope)).dangerReason())
                .isEmpty();
    }

    @Test
    void showsAsGrantSqlFragment() {
        assertThat(new Grant(Privilege.CREATE_VIEW, GrantScope.table("sales", "orders")))
                .hasToString("CREATE VIEW ON `sales`.`orders`");
    }
}
