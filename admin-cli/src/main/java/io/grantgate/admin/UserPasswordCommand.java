package io.grantgate.admin;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.ChangePlan;
import io.grantgate.provision.UserPlanner;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "password",
        mixinStandardHelpOptions = true,
        header = "Change an account's password (and optionally its auth plugin), or expire it.")
final class UserPasswordCommand extends UserChange {

    @Mixin
    private PasswordOptions password;

    @Option(
            names = "--auth-plugin",
            paramLabel = "PLUGIN",
            description = "Switch to caching_sha2_password or mysql_native_password.")
    private String authPlugin;

    @Option(
            names = "--expire",
            description = "Mark the password (the new one, or the current one without a new one) expired: the"
                    + " account's next logins may only change it (SET PASSWORD, ALTER USER ... IDENTIFIED BY).")
    private boolean expire;

    private Optional<Secret> secret;
    private Optional<AuthPlugin> plugin;

    @Override
    void prepare() throws IOException {
        secret = password.password();
        if (secret.isEmpty() && !expire) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "give the new password with --password-stdin or --generate-password, or --expire");
        }
        plugin = Inputs.parse(spec, () -> GrantCommand.plugin(authPlugin));
    }

    @Override
    ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) {
        return planner.password(user, current, secret, password.generated(), plugin, expire);
    }
}
