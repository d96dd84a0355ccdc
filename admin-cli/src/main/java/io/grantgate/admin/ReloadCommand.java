package io.grantgate.admin;

import io.grantgate.provision.BackendStatement;
import io.grantgate.provision.ChangePlan;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin reload}: bump the catalog version so every gateway re-reads it; FLUSH PRIVILEGES on the backend. */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        header = "Make every gateway re-read the catalog now (and flush the backend's privileges).")
final class ReloadCommand extends CatalogCommand {

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        BackendStatement flush = new BackendStatement("FLUSH PRIVILEGES", "FLUSH PRIVILEGES");
        return AdminChange.run(
                this,
                dryRun,
                reader -> new ChangePlan(
                        "reload",
                        null,
                        List.of(),
                        List.of(flush),
                        List.of(),
                        List.of("reload requested; backend privileges flushed"),
                        Optional.empty()));
    }
}
