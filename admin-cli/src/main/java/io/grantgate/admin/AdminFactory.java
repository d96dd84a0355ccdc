package io.grantgate.admin;

import java.util.Map;
import picocli.CommandLine;

/** Hands every command and mixin the process environment, so tests can give their own. */
final class AdminFactory implements CommandLine.IFactory {

    private final Map<String, String> environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    AdminFactory(Map<String, String> environment) {
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
