package io.grantgate.admin;

import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.provision.AccessPlanner;
import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.DesiredAccount;
import io.grantgate.provision.DesiredRole;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code admin diff} and {@code admin apply} share: the access file, {@code --prune}, {@code
 * --allow-dangerous}, and the one change they plan from it.
 */
abstract class AccessCommand extends CatalogCommand {

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The access file (YAML or JSON), as 'admin export' writes it.")
    Path file;

    @Option(
            names = "--prune",
            description =
                    "Also remove the accounts, roles, memberships, host patterns and grants the file does not name.")
    boolean prune;

    @Option(
            names = "--allow-dangerous",
            description = "Allow the file to add privileges that escape the gateway's control (see 'admin grant').")
    boolean allowDangerous;

    /** Reads the file, plans against the catalog under the change lock, runs it unless {@code dryRun}, prints it. */
    ChangeResult change(boolean dryRun) throws Exception {
        AccessFile access = AccessFileFormat.read(file);
        Path folder = file.toAbsolutePath().getParent();
        AccessFileAccounts reading = new AccessFileAccounts(catalog.environment(), folder);
        List<DesiredRole> roles = reading.roles(access);
        List<DesiredAccount> wanted = reading.accounts(access);
        progress(file + ": " + (roles.isEmpty() ? "" : roles.size() + (roles.size() == 1 ? " role, " : " roles, "))
                + wanted.size() + (wanted.size() == 1 ? " account" : " accounts")
                + (prune ? "; what it does not name is removed (--prune)" : ""));
        PrivilegePolicy policy = allowDangerous ? PrivilegePolicy.ALLOW_DANGEROUS : PrivilegePolicy.SAFE_ONLY;
        return AdminChange.provisioned(
                this,
                dryRun,
                (backend, reader) -> new AccessPlanner(backend)
                        .plan(
                                roles,
                                wanted,
                                reader.roles(),
                                reader.all(),
                                reader.nextAccountId(),
                                prune,
                                policy,
                                reader.now()));
    }

    /** Progress goes to standard error, so that standard output is the plan (or the JSON) alone. */
    void progress(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
