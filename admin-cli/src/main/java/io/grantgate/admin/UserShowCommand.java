package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.UserName;
import io.grantgate.ops.CatalogOptions;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, header = "Show one account.")
final class UserShowCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private CatalogOptions catalog;

    @Mixin
    private OutputOptions output;

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Override
    public Integer call() throws Exception {
        UserName name = Inputs.parse(spec, () -> new UserName(user));
        try (AdminSession session = AdminSession.open(catalog); Connection c = session.catalog().getConnection()) {
            Account account = new CatalogReader(c).find(name)
                    .orElseThrow(() -> new IllegalArgumentException("no account '" + name.value() + "'"));
            AccountView view = AccountView.of(account);
            String text = String.join("\n",
                    "user:            " + view.user(),
                    "status:          " + view.status(),
                    "auth plugin:     " + view.authPlugin(),
                    "require TLS:     " + (view.requireTls() ? "yes" : "no"),
                    "max connections: " + (view.maxConnections() == null ? "unlimited" : view.maxConnections()),
                    "hosts:           " + (view.hosts().isEmpty() ? "(none: cannot log in)" : String.join(", ", view.hosts())),
                    "grants:          " + view.grants(),
                    "backend account: " + (view.backendUser() == null ? "(none)"
                            : "'" + view.backendUser() + "'@'" + view.backendHost() + "' (" + view.backendState() + ")"));
            output.print(spec.commandLine().getOut(), view, text);
            return 0;
        }
    }
}
