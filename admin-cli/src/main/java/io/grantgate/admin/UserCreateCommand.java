package io.grantgate.admin;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.GrantRequest;
import io.grantgate.provision.Lifetime;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin user create USER}: an account with no grants yet (USAGE only). */
@Command(name = "create", mixinStandardHelpOptions = true, header = "Create an account (no privileges yet).")
final class UserCreateCommand extends CatalogCommand {

    @Mixin
    private PasswordOptions password;

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Mixin
    private AccountOptions account;

    @Option(names = "--require-tls", description = "Refuse logins without TLS.")
    private boolean requireTls;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Optional<Secret> secret = password.password();
        if (secret.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "a new account needs --password-stdin or --generate-password");
        }
        GrantRequest request = Inputs.parse(
                spec,
                () -> new GrantRequest(
                        new UserName(user),
                        account.hosts(),
                        Set.of(),
                        secret,
                        password.generated(),
                        account.authPlugin(),
                        account.maxConnections(),
                        Optional.of(requireTls),
                        true,
                        Lifetime.PERMANENT));
        return GrantCommand.apply(this, request, dryRun);
    }
}
