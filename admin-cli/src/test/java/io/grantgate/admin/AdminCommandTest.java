package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself: help, usage errors and exit codes, no database needed. */
class AdminCommandTest {

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliRun run = CliRun.run(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: admin")
                .contains("migrate")
                .contains("Exit codes: 0 done, 1 failed, 2 usage error");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run(Map.of());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("which command?");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), "migrate", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), "migrate", "--output", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output").contains("table, json");
    }

    @Test
    void withoutAnyCatalogLoginItSaysWhereOneComesFrom() {
        CliRun run = CliRun.run(Map.of(), "migrate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("no catalog login")
                .contains("bin/grantgate --embedded")
                .contains("GRANTGATE_CATALOG_URL");
    }

    @Test
    void anUnreachableCatalogIsOneLineThatSaysWhere() {
        CliRun run = CliRun.run(
                Map.of(
                        "GRANTGATE_CATALOG_URL", "jdbc:mysql://127.0.0.1:1/grantgate?connectTimeout=2000",
                        "GRANTGATE_CATALOG_USER", "gg_admin",
                        "GRANTGATE_CATALOG_PASSWORD", "not-printed"),
                "user",
                "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("admin user list: cannot connect to jdbc:mysql://127.0.0.1:1/grantgate as 'gg_admin': ")
                .contains("Communications link failure")
                .contains("SQLSTATE 08")
                .contains("is it running")
                .doesNotContain("\n")
                .doesNotContain("not-printed")
                .doesNotContain("connectTimeout");
    }

    @Test
    void aMissingPropertiesFileIsNamed() {
        CliRun run = CliRun.run(Map.of(), "migrate", "--admin-properties", "/nonexistent/admin.properties");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read /nonexistent/admin.properties");
    }
}
