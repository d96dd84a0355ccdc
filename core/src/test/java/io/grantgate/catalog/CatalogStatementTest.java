package io.grantgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CatalogStatementTest {

    @Test
    void displayInlinesParametersAsLiteralsAndHidesSecrets() {
        CatalogStatement statement = CatalogStatement.of(
                "INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)",
                7L,
                "it's",
                null,
                true,
                new CatalogStatement.Hidden(new byte[] {1, 2}, "password verifier"));

        assertThat(statement.display())
                .isEqualTo("INSERT INTO t (a, b, c, d, e) VALUES (7, 'it''s', NULL, TRUE, <password verifier>)");
        assertThat(statement.parameters()).hasSize(5).containsNull();
        assertThat((byte[]) statement.parameters().get(4)).containsExactly(1, 2);
        assertThat(statement.toString()).doesNotContain("[B@");
    }

    @Test
    void placeholdersAndParametersMustAgree() {
        assertThatThrownBy(() -> new CatalogStatement("SELECT ?", Arrays.asList(1, 2), "x"))
                .hasMessageContaining("1 placeholders but 2 parameters");
    }

    @Test
    void writesUseTheCatalogColumnsOfTheScope() {
        CatalogStatement add =
                CatalogWrites.addGrant(3, new Grant(Privilege.SELECT, GrantScope.table("shop", "orders")));

        assertThat(add.parameters()).containsExactly(3L, "table", "shop", "orders", "SELECT");
        assertThat(CatalogWrites.bumpVersion("admin:root").display())
                .isEqualTo(
                        "UPDATE catalog_version SET version = version + 1, changed_at = CURRENT_TIMESTAMP(3), changed_by = 'admin:root' WHERE id = 1");
    }
}
