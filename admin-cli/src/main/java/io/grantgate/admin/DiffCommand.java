package io.grantgate.admin;

import io.grantgate.provision.ChangeResult;
import picocli.CommandLine.Command;

/** {@code admin diff -f FILE}: what {@code admin apply} would change, with an exit code for CI pipelines. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        header = "Print what 'admin apply' of an access file would change; exit 3 if anything.",
        description = {
            "Plans the change that would make the catalog and the backend accounts hold what",
            "the access file says and prints it as --dry-run prints a change. Changes nothing.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 nothing would change, 3 something would, 1 failed (the catalog or the",
            "backend unreachable, the file unreadable or refused), 2 usage error.",
            "",
            "Examples:",
            "  admin diff -f access.yaml",
            "  admin diff -f access.yaml --prune -o json"
        })
final class DiffCommand extends AccessCommand {

    /** The exit code that says the catalog differs from the file. */
    static final int DIFFERS = 3;

    @Override
    public Integer call() throws Exception {
        ChangeResult result = change(true);
        return result.plan().isEmpty() ? 0 : DIFFERS;
    }
}
