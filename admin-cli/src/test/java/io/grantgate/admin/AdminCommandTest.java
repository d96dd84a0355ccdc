package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    @Test
    void aCommandLineBuildsOnlyTheCommandItNames() {
        CommandLine commandLine = AdminCommand.commandLine(Map.of(), InputStream.nullInputStream(), "user", "list");

        assertThat(commandLine.getSubcommands()).containsOnlyKeys("user");
        assertThat(commandLine.getSubcommands().get("user").getSubcommands()).containsOnlyKeys("list");
    }

    @Test
    void everySubcommandIsListedUnderTheNameItsAnnotationGives() {
        CommandLine whole = AdminCommand.commandLine(Map.of(), InputStream.nullInputStream());

        whole.getSubcommands()
                .forEach((name, sub) -> assertThat(sub.getCommandName())
                        .as("the name of %s", sub.getCommand().getClass().getSimpleName())
                        .isEqualTo(name));
    }

    @Test
    void withoutACommandTheHelpAndErrorsAreThoseOfTheWholeTree() {
        for (String[] args : List.of(
                new String[] {"--help"},
                new String[] {},
                new String[] {"--version"},
                new String[] {"grnt"},
                new String[] {"-h", "grant"},
                new String[] {"help", "grant"},
                new String[] {"help"},
                new String[] {"user", "--help"},
                new String[] {"user"},
                new String[] {"user", "lst"},
                new String[] {"user", "-h", "list"},
                new String[] {"user", "list", "--help"})) {
            CliRun lazy = CliRun.run(Map.of(), args);
            CliRun whole = wholeTree(args);

            assertThat(lazy).as(String.join(" ", args)).isEqualTo(whole);
        }
    }

    private static CliRun wholeTree(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AdminCommand.commandLine(Map.of(), InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
