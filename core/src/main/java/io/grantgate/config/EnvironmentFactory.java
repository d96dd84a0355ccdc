package io.grantgate.config;

import java.util.Map;
import picocli.CommandLine;

/**
 * A picocli factory that hands {@link CatalogOptions} the process environment, so that commands
 * read no global state and tests can give an environment of their own.
 */
public final class EnvironmentFactory implements CommandLine.IFactory {

    private final Map<String, String> environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public EnvironmentFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == CatalogOptions.class) {
            return type.cast(new CatalogOptions(environment));
        }
        return fallback.create(type);
    }
}
