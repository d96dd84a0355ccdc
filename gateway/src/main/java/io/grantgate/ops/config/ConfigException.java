package io.grantgate.ops.config;

/** A setting is missing or invalid; the message names the key and its environment variable. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("setting '" + key + "' (env " + Settings.environmentName(key) + ") " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
