package io.grantgate.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code admin role create|drop|grant|revoke|list|show}. */
@Command(
        name = "role",
        mixinStandardHelpOptions = true,
        header = "Create, drop, list and show roles; grant privileges to them and revoke them.",
        description = {
            "A role is a named set of grants: an account's privileges are its own and its",
            "roles' ('admin grant USER --role ROLE'). Roles live in the catalog only; each",
            "member's backend account holds its privileges as plain grants, so that roles",
            "work alike on MariaDB and MySQL. A change to a role re-provisions every member",
            "in one change; what a member loses ends its sessions that relied on it.",
            ""
        },
        subcommands = {
            RoleCreateCommand.class,
            RoleDropCommand.class,
            RoleGrantCommand.class,
            RoleRevokeCommand.class,
            RoleListCommand.class,
            RoleShowCommand.class
        })
final class RoleCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which role command? (see 'admin role --help')");
    }
}
