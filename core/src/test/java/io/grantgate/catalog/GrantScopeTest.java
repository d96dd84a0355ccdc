package io.grantgate.catalog;

import static io.grantgate.catalog.GrantLevel.DATABASE;
import static io.grantgate.catalog.GrantLevel.GLOBAL;
import static io.grantgate.catalog.GrantLevel.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrantScopeTest {

    static Stream<Arguments> validScopes() {
        return Stream.of(
                // text, level, db, table, toSql
                arguments("*.*", GLOBAL, "", "", "*.*"),
                arguments("sales.*", DATABASE, "sales", "", "`sales`.*"),
                arguments("sales.orders", TABLE, "sales", "orders", "`sales`.`orders`"),
                arguments("`sales`.`orders`", TABLE, "sales", "orders", "`sales`.`orders`"),
                arguments("`my.db`.`t`", TABLE, "my.db", "t", "`my.db`.`t`"),
                arguments("`my.db`.*", DATABASE, "my.db", "", "`my.db`.*"),
                arguments("`a``b`.*", DATABASE, "a`b", "", "`a``b`.*"),
                arguments("`it's`.`x y`", TABLE, "it's", "x y", "`it's`.`x y`"),
                arguments(
                        "`%'; DROP USER root; --`.*",
                        DATABASE, "%'; DROP USER root; --", "", "`\\%'; DROP USER root; --`.*"),
                // database-level names are LIKE patterns to MySQL: escape the wildcards
                arguments("my_db.*", DATABASE, "my_db", "", "`my\\_db`.*"),
                arguments("`50%`.*", DATABASE, "50%", "", "`50\\%`.*"),
                // table-level database names are literal to MySQL: nothing to escape
                arguments("my_db.my_table", TABLE, "my_db", "my_table", "`my_db`.`my_table`"),
                arguments("$x.t1", TABLE, "$x", "t1", "`$x`.`t1`"),
                arguments("1db.2t", TABLE, "1db", "2t", "`1db`.`2t`"),
                arguments("`123`.*", DATABASE, "123", "", "`123`.*"),
                arguments("日本.表", TABLE, "日本", "表", "`日本`.`表`"),
                arguments("db.`*`", TABLE, "db", "*", "`db`.`*`"),
                arguments("`*`.*", DATABASE, "*", "", "`*`.*"),
                arguments("d".repeat(64) + ".*", DATABASE, "d".repeat(64), "", "`" + "d".repeat(64) + "`.*"));
    }

    @ParameterizedTest
    @MethodSource("validScopes")
    void parsesScopesIntoCatalogColumnsAndSql(String text, GrantLevel level, String db, String table, String sql) {
        GrantScope scope = GrantScope.parse(text);

        assertThat(scope.level()).isEqualTo(level);
        assertThat(scope.db()).isEqualTo(db);
        assertThat(scope.table()).isEqualTo(table);
        assertThat(scope.toSql()).isEqualTo(sql);
        assertThat(new GrantScope(level, db, table)).isEqualTo(scope);
    }

    static Stream<Arguments> invalidScopes() {
        return Stream.of(
                arguments("", "grant scope is empty"),
                arguments("*", "has no '.'"),
                arguments("sales", "has no '.'"),
                arguments("*.orders", "names a table in every database (*.table)"),
                arguments(".orders", "has an empty database name"),
                arguments("sales.", "has an empty table name"),
                arguments(".", "has an empty database name"),
                arguments("sales..orders", "has an empty table name"),
                arguments("a.b.c", "has more than two parts"),
                arguments("**.*", "has '*' after the database name"),
                arguments("`sales.*", "without its closing backtick"),
                arguments("`sales`x.*", "has 'x' after the database name"),
                arguments("sales .*", "has ' ' in a database name"),
                arguments(" sales.*", "has ' ' in a database name"),
                arguments("sales.* ", "has ' ' after the table name"),
                arguments("123.*", "made of digits only"),
                arguments("db.42", "made of digits only"),
                arguments("db-1.*", "has '-' in a database name"),
                arguments("db;drop.*", "has ';' in a database name"),
                arguments("\uD83D\uDE00.*", "in a database name: put names with special characters in backticks"),
                arguments("``.*", "database name is empty"),
                arguments("db.``", "table name is empty"),
                arguments("d".repeat(65) + ".*", "is longer than 64 characters"),
                arguments("`trail `.*", "ends with a space"),
                arguments("`a\\b`.*", "contains a backslash"),
                arguments("db.`a\\_b`", "contains a backslash"),
                arguments("`a\nb`.*", "control or invisible character U+000A"),
                arguments("`a\u0000b`.*", "contains U+0000"),
                arguments("`\uD83D\uDE00`.*", "outside the Basic Multilingual Plane"));
    }

    @ParameterizedTest
    @MethodSource("invalidScopes")
    void refusesInvalidScopesSayingWhy(String text, String problem) {
        assertThatThrownBy(() -> GrantScope.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .message()
                .doesNotContain("\n");
    }

    static Stream<Arguments> misshapenRows() {
        return Stream.of(
                arguments(GLOBAL, "sales", ""),
                arguments(GLOBAL, "", "orders"),
                arguments(DATABASE, "", ""),
                arguments(DATABASE, "sales", "orders"),
                arguments(TABLE, "sales", ""),
                arguments(TABLE, "", "orders"));
    }

    @ParameterizedTest
    @MethodSource("misshapenRows")
    void refusesRowsWhoseNamesDoNotFitTheLevel(GrantLevel level, String db, String table) {
        assertThatThrownBy(() -> new GrantScope(level, db, table)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factoriesBuildEachLevel() {
        assertThat(GrantScope.global()).isEqualTo(new GrantScope(GLOBAL, "", ""));
        assertThat(GrantScope.database("sales")).isEqualTo(new GrantScope(DATABASE, "sales", ""));
        assertThat(GrantScope.table("sales", "orders")).isEqualTo(new GrantScope(TABLE, "sales", "orders"));
        assertThat(GrantScope.table("sales", "orders")).hasToString("`sales`.`orders`");
    }

    @ParameterizedTest
    @MethodSource("validScopes")
    void sqlOfWildcardFreeScopesParsesBackToTheSameScope(String text) {
        GrantScope scope = GrantScope.parse(text);
        boolean escaped = scope.level() == DATABASE
                && (scope.db().contains("_") || scope.db().contains("%"));
        if (!escaped) {
            assertThat(GrantScope.parse(scope.toSql())).isEqualTo(scope);
        }
    }
}
