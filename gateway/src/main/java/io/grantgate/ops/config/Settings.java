package io.grantgate.ops.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Raw settings by key, from a properties file overlaid by the environment: key {@code a.b-c} is
 * overridden by {@code GRANTGATE_A_B_C}. Typed getters validate and name the key in every error,
 * so a bad setting fails start-up with a message an operator can act on.
 */
public final class Settings {

    private final Map<String, String> file;
    private final Map<String, String> environment;

    public Settings(Map<String, String> file, Map<String, String> environment) {
        this.file = Map.copyOf(file);
        this.environment = Map.copyOf(environment);
    }

    static String environmentName(String key) {
        return "GRANTGATE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value, environment first; blank counts as unset. */
    public Optional<String> get(String key) {
        String value = environment.get(environmentName(key));
        if (value == null || value.isBlank()) {
            value = file.get(key);
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        int value = get(key).map(v -> parse(key, v, Integer::parseInt, "a whole number"))
                .orElse(defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new ConfigException(key, "must be true or false, was '" + v + "'");
                })
                .orElse(defaultValue);
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parse(key, v, Settings::duration, "a duration such as 500ms, 10s, 5m"))
                .orElse(defaultValue);
    }

    /** Sizes as {@code 1024}, {@code 64k}, {@code 16M}, {@code 1G} (binary units). */
    public long getSize(String key, long defaultValue, long min, long max) {
        long value = get(key).map(v -> parse(key, v, Settings::size, "a size such as 64M"))
                .orElse(defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " bytes, was " + value);
        }
        return value;
    }

    private static <T> T parse(String key, String value, Function<String, T> parser, String expected) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "must be " + expected + ", was '" + value + "'");
        }
    }

    static Duration duration(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(text);
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException(text);
        };
    }

    static long size(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        char unit = v.charAt(v.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(v);
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (unit) {
            case 'k' -> amount << 10;
            case 'm' -> amount << 20;
            case 'g' -> amount << 30;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
