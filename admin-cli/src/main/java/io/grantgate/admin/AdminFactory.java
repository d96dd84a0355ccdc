package io.grantgate.admin;

import io.grantgate.config.EnvironmentFactory;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine;

/** Gives mixins what they read from the process: the environment, and standard input for passwords. */
final class AdminFactory implements CommandLine.IFactory {

    private final EnvironmentFactory environment;
    private final InputStream stdin;

    AdminFactory(Map<String, String> environment, InputStream stdin) {
        this.environment = new EnvironmentFactory(environment);
        this.stdin = stdin;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == PasswordOptions.class) {
            return type.cast(new PasswordOptions(stdin));
        }
        if (type == InitCommand.class) {
            return type.cast(new InitCommand(stdin));
        }
        return environment.create(type);
    }
}
