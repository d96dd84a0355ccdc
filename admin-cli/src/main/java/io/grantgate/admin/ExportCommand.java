package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.Role;
import io.grantgate.config.CatalogOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code admin export}: the catalog's accounts as an access file, for {@code admin diff} and {@code apply}. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Write every role, account, host pattern and grant as an access file (no secrets).",
        description = {
            "Prints the catalog's accounts (auth plugin, locked or unlocked, TLS requirement,",
            "connection limit, audit level), their host patterns and their grants as an access",
            "file that 'admin diff' and 'admin apply' read, after the roles (with their grants).",
            "Passwords are never in it: each is 'keep'. A host pattern or grant that ends has",
            "its 'expires' (ISO-8601, UTC). The order is stable (accounts by name), so the file",
            "diffs well in git.",
            "Format: docs/admin.md and docs/access-file.schema.json.",
            ""
        },
        footer = {"", "Examples:", "  admin export > access.yaml", "  admin export -o json --file access.json"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private CatalogOptions catalog;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "yaml",
            paramLabel = "FORMAT",
            description = "yaml (default) or json.")
    private AccessFileFormat format = AccessFileFormat.yaml;

    @Option(names = "--file", paramLabel = "FILE", description = "Write the file there instead of to standard output.")
    private Path file;

    @Override
    public Integer call() throws Exception {
        List<Account> accounts;
        List<Role> roles;
        try (Connection c = CatalogConnection.open(catalog)) {
            CatalogReader reader = new CatalogReader(c);
            Instant now = reader.now();
            // what is in force: an entry whose end has passed is no longer access, even before a sweep
            accounts = reader.all().stream().map(a -> a.asOf(now)).toList();
            roles = reader.roles();
        }
        String text = format.write(AccessExport.of(roles, accounts));
        if (file == null) {
            spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
            spec.commandLine()
                    .getErr()
                    .println("wrote " + accounts.size() + (accounts.size() == 1 ? " account" : " accounts") + " to "
                            + file);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
