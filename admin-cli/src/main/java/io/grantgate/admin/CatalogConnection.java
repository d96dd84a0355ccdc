package io.grantgate.admin;

import io.grantgate.catalog.CatalogSettings;
import io.grantgate.catalog.DatabaseUnreachableException;
import io.grantgate.config.CatalogOptions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One plain JDBC connection to the catalog, for a command that only reads it (user list, show-grants,
 * user show, audit). A command runs once and exits, so a pool would only add its start-up (its
 * threads, its logging, a validation round trip) to the time the user waits; commands that change
 * the catalog keep their pools ({@link AdminSession}). A failure to connect reads as the pool's does.
 */
final class CatalogConnection {

    /** As long as the pool waits for a connection (CatalogDataSource). */
    private static final String CONNECT_TIMEOUT_MILLIS = "10000";

    private CatalogConnection() {}

    static Connection open(CatalogOptions options) throws IOException {
        CatalogSettings settings = options.settings();
        Properties login = new Properties();
        login.setProperty("user", settings.user());
        login.setProperty("password", settings.password().reveal());
        login.setProperty("connectTimeout", CONNECT_TIMEOUT_MILLIS);
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), login);
        } catch (SQLException e) {
            throw new DatabaseUnreachableException(settings.jdbcUrl(), settings.user(), e);
        }
    }
}
