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
        header = "Change an account's password (and optionally its auth plugin).")
final class UserPasswordCommand extends UserChange {

    @Mixin
    private PasswordOptions password;

    @Option(
            names = "--auth-plugin",
            paramLabel = "PLUGIN",
            description = "Switch to caching_sha2_password or mysql_native_password.")
    private String authPlugin;

    private Secret secret;
    private Optional<AuthPlugin> plugin;

    @Override
    void prepare() throws IOException {
        secret = password.password()
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "give the new password with --password-stdin or --generate-password"));
        plugin = Inputs.parse(spec, () -> GrantCommand.plugin(authPlugin));
    }

    @Override
    ChangePlan plan(UserPlanner planner, UserName user, Optional<Account> current) {
        return planner.password(user, current, secret, password.generated(), plugin);
    }
}
