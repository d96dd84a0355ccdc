package io.grantgate.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.NativePasswordHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecureInstallScriptTest {

    private static final String HASH = NativePasswordHash.of("password");

    @Test
    void removesAnonymousUsersAndRemoteRootAndCreatesTheAdminFromLoopbackOnly() {
        List<String> statements = SecureInstallScript.statements("grantgate_admin", HASH, true);

        assertThat(statements)
                .contains(
                        "DELETE FROM mysql.global_priv WHERE User = ''",
                        "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'",
                        "ALTER USER IF EXISTS 'root'@'localhost' IDENTIFIED VIA unix_socket",
                        "CREATE USER IF NOT EXISTS 'grantgate_admin'@'127.0.0.1' IDENTIFIED BY PASSWORD '" + HASH + "'",
                        "GRANT ALL PRIVILEGES ON *.* TO 'grantgate_admin'@'127.0.0.1' WITH GRANT OPTION");
        assertThat(statements).noneMatch(s -> s.contains("'%'"));
    }

    @Test
    void takesEveryGrantToPublicAndToTheTestSchemasAwayAtEachStartAndTheTestSchemaAtTheFirst() {
        List<String> fresh = SecureInstallScript.statements("grantgate_admin", HASH, true);
        List<String> restart = SecureInstallScript.statements("grantgate_admin", HASH, false);

        for (List<String> statements : List.of(fresh, restart)) {
            assertThat(statements)
                    .contains(
                            "DELETE FROM mysql.db WHERE User IN ('', 'PUBLIC') OR Db IN ('test', 'test\\\\_%')",
                            "DELETE FROM mysql.tables_priv WHERE User IN ('', 'PUBLIC')",
                            "DELETE FROM mysql.columns_priv WHERE User IN ('', 'PUBLIC')",
                            "DELETE FROM mysql.procs_priv WHERE User IN ('', 'PUBLIC')");
            assertThat(statements.indexOf("FLUSH PRIVILEGES"))
                    .as("the deletions take effect before any login")
                    .isGreaterThan(statements.indexOf("DELETE FROM mysql.procs_priv WHERE User IN ('', 'PUBLIC')"));
        }
        assertThat(fresh).contains("DROP DATABASE IF EXISTS test");
        assertThat(restart)
                .as("later, a test schema may be the user's own")
                .doesNotContain("DROP DATABASE IF EXISTS test");
    }

    @Test
    void theFileHasOneStatementPerLineAndNoClearPassword() {
        String text = SecureInstallScript.text(SecureInstallScript.statements("grantgate_admin", HASH, true));

        assertThat(text.lines()).allMatch(line -> line.endsWith(";") && !line.contains("\n"));
        assertThat(text).doesNotContain("password'").doesNotContain("--");
    }

    @Test
    void refusesAnythingButAPlainUserAndANativeHash() {
        assertThatThrownBy(() -> SecureInstallScript.statements("x'@'%", HASH, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecureInstallScript.statements("grantgate_admin", "password", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecureInstallScript.statements("grantgate_admin", HASH + "' OR 1", true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
