package io.grantgate.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin apply -f FILE}: make the catalog and the backend accounts hold what an access file says. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        header = "Make the accounts what an access file says, in one change.",
        description = {
            "Adds the accounts, host patterns and grants the file names and sets each named",
            "account's settings to the file's (an absent setting is its default). With --prune",
            "it also drops the accounts and revokes the host patterns and grants the file does",
            "not name. Everything is one catalog change: the catalog is committed only when",
            "every backend statement succeeded; on a failure it is unchanged and the backend",
            "statements that had run are undone. A new account needs its password by",
            "reference in the file (password: {env: VAR} or {file: PATH}).",
            ""
        },
        footer = {"", "Examples:", "  admin apply -f access.yaml --dry-run", "  admin apply -f access.yaml --prune"})
final class ApplyCommand extends AccessCommand {

    @Option(names = "--dry-run", description = "Print the plan (as 'admin diff' does) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        change(dryRun);
        return 0;
    }
}
