package io.grantgate.admin;

import io.grantgate.catalog.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, header = "Show one account.")
final class UserShowCommand extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Override
    public Integer call() throws Exception {
        Account account = readAccount(user);
        AccountView view = AccountView.of(account);
        String text = String.join(
                "\n",
                "user:            " + view.user(),
                "status:          " + view.status(),
                "password:        "
                        + (view.passwordExpired() ? "expired (its next logins may only change it)" : "current"),
                "auth plugin:     " + view.authPlugin(),
                "require TLS:     " + (view.requireTls() ? "yes" : "no"),
                "max connections: " + (view.maxConnections() == null ? "unlimited" : view.maxConnections()),
                "audit level:     "
                        + (view.auditLevel().equals("default")
                                ? "default (the gateways' audit.default-level)"
                                : view.auditLevel()),
                "hosts:           "
                        + (view.hosts().isEmpty() ? "(none: cannot log in)" : String.join(", ", view.hosts())),
                "grants:          " + view.grants(),
                "roles:           " + (view.roles().isEmpty() ? "none" : String.join(", ", view.roles())),
                "privileges:      "
                        + (view.effectiveGrants().isEmpty()
                                ? "USAGE only"
                                : String.join(
                                        "\n                 ",
                                        view.effectiveGrants().stream()
                                                .map(AccountView.GrantSource::text)
                                                .toList())),
                "expires:         "
                        + (view.expiries().isEmpty()
                                ? "nothing (no time-limited host pattern or grant)"
                                : String.join(
                                        "\n                 ",
                                        view.expiries().stream()
                                                .map(AccountView.ExpiryView::text)
                                                .toList())),
                "backend account: "
                        + (view.backendUser() == null
                                ? "(none)"
                                : "'" + view.backendUser() + "'@'" + view.backendHost() + "' (" + view.backendState()
                                        + ")"));
        output.print(out(), view, text);
        return 0;
    }
}
