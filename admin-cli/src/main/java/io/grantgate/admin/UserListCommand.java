package io.grantgate.admin;

import io.grantgate.catalog.CatalogReader;
import java.sql.Connection;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true, header = "List the accounts.")
final class UserListCommand extends CatalogCommand {

    @Override
    public Integer call() throws Exception {
        try (Connection c = CatalogConnection.open(catalog)) {
            List<AccountView> accounts =
                    new CatalogReader(c).all().stream().map(AccountView::of).toList();
            output.print(out(), accounts, table(accounts));
            return 0;
        }
    }

    private static String table(List<AccountView> accounts) {
        if (accounts.isEmpty()) {
            return "no accounts yet; create one with: admin grant USER --host PATTERN --generate-password";
        }
        TextTable table = new TextTable(
                "USER", "STATUS", "PLUGIN", "HOSTS", "GRANTS", "ROLES", "AUDIT", "BACKEND", "NEXT EXPIRY");
        for (AccountView a : accounts) {
            table.row(
                    a.user(),
                    a.status(),
                    a.authPlugin(),
                    String.join(",", a.hosts()),
                    a.grants(),
                    a.rolesText(),
                    a.auditLevel(),
                    a.backendUser() == null ? "-" : a.backendUser() + " (" + a.backendState() + ")",
                    a.nextExpiry());
        }
        return table.render();
    }
}
