package io.grantgate.admin;

import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.Role;
import java.sql.Connection;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code admin role list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List the roles, their grants and members.")
final class RoleListCommand extends CatalogCommand {

    @Override
    public Integer call() throws Exception {
        List<Role> roles;
        try (Connection c = CatalogConnection.open(catalog)) {
            roles = new CatalogReader(c).roles();
        }
        List<RoleView> views = roles.stream().map(RoleView::of).toList();
        String text;
        if (roles.isEmpty()) {
            text = "no roles yet; create one with: admin role create ROLE";
        } else {
            TextTable table = new TextTable("ROLE", "GRANTS", "MEMBERS", "CREATED (UTC)");
            for (Role role : roles) {
                RoleView view = RoleView.of(role);
                table.row(
                        view.name(),
                        RoleView.describe(role),
                        view.members().isEmpty() ? "-" : String.join(",", view.members()),
                        view.created());
            }
            text = table.render();
        }
        output.print(out(), views, text);
        return 0;
    }
}
