package io.grantgate.admin;

import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.Role;
import io.grantgate.catalog.RoleName;
import java.sql.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin role show ROLE}: its privileges and members. */
@Command(name = "show", mixinStandardHelpOptions = true, header = "Show one role: its privileges and members.")
final class RoleShowCommand extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "ROLE")
    private String role;

    @Override
    public Integer call() throws Exception {
        RoleName name = Inputs.parse(spec, () -> new RoleName(role));
        Role found;
        try (Connection c = CatalogConnection.open(catalog)) {
            found = new CatalogReader(c)
                    .findRole(name)
                    .orElseThrow(() -> new IllegalArgumentException("no role '" + name.value() + "'"));
        }
        RoleView view = RoleView.of(found);
        String text = String.join(
                "\n",
                "role:            " + view.name(),
                "created:         " + view.created(),
                "grants:          "
                        + (view.grants().isEmpty()
                                ? "none ('admin role grant " + view.name() + " --privileges LIST --on SCOPE')"
                                : String.join("\n                 ", view.grants())),
                "members:         "
                        + (view.members().isEmpty()
                                ? "none ('admin grant USER --role " + view.name() + "')"
                                : String.join(", ", view.members())));
        output.print(out(), view, text);
        return 0;
    }
}
