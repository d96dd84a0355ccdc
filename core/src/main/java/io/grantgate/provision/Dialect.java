package io.grantgate.provision;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.catalog.DisplayText;
import io.grantgate.catalog.Privilege;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend's SQL dialect, where MySQL and MariaDB differ in the statements that provision
 * backend accounts: the authentication clause of {@code CREATE USER} / {@code ALTER USER}, where
 * the lock state is stored, and which privileges exist and how they are spelled.
 *
 * <p>Supported: MySQL 8.0 and later (caching_sha2_password, the default since 8.0) and MariaDB
 * 10.4 and later ({@code ACCOUNT LOCK} and {@code mysql.global_priv} arrived in 10.4).
 */
public enum Dialect {

    /** MySQL 8.0+, and servers that report a MySQL version (Percona Server). */
    MYSQL(AuthPlugin.CACHING_SHA2_PASSWORD, 8, 0),

    /** MariaDB 10.4+. */
    MARIADB(AuthPlugin.MYSQL_NATIVE_PASSWORD, 10, 4);

    /**
     * {@code major.minor} at the start, after the {@code 5.5.5-} prefix MariaDB puts before its
     * real version in the handshake (for clients that refused versions above 5).
     */
    private static final Pattern VERSION =
            Pattern.compile("(?:5\\.5\\.5-)?(\\d{1,3})\\.(\\d{1,3})(?:[.-].*)?", Pattern.DOTALL);

    private final AuthPlugin backendAuthPlugin;
    private final int minimumMajor;
    private final int minimumMinor;

    Dialect(AuthPlugin backendAuthPlugin, int minimumMajor, int minimumMinor) {
        this.backendAuthPlugin = backendAuthPlugin;
        this.minimumMajor = minimumMajor;
        this.minimumMinor = minimumMinor;
    }

    /**
     * The dialect of a server reporting {@code versionString} from {@code SELECT VERSION()}, e.g.
     * {@code 11.4.5-MariaDB} or {@code 8.4.3}. Refuses versions this package cannot provision.
     */
    public static Dialect detect(String versionString) {
        Objects.requireNonNull(versionString, "version string");
        Matcher matcher = VERSION.matcher(versionString.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "server version " + DisplayText.quoted(versionString) + " is not a MySQL or MariaDB version");
        }
        Dialect dialect = versionString.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major < dialect.minimumMajor || (major == dialect.minimumMajor && minor < dialect.minimumMinor)) {
            throw new IllegalArgumentException("server version " + DisplayText.quoted(versionString)
                    + " is too old: backend accounts need " + dialect.minimumVersion() + " or later");
        }
        return dialect;
    }

    /** Asks the server behind {@code connection} its version. */
    public static Dialect of(Connection connection) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT VERSION()")) {
            if (!rows.next()) {
                throw new SQLException("SELECT VERSION() returned no row");
            }
            return detect(rows.getString(1));
        }
    }

    /**
     * The plugin backend accounts authenticate with: MySQL's default, caching_sha2_password (8.4
     * disables mysql_native_password by default); on MariaDB mysql_native_password, the one plugin
     * both MariaDB and the gateway's backend client speak.
     */
    public AuthPlugin backendAuthPlugin() {
        return backendAuthPlugin;
    }

    /**
     * How GRANT and REVOKE name {@code privilege} on this server ({@code CONNECTION_ADMIN} on MySQL,
     * {@code CONNECTION ADMIN} on MariaDB); empty when the server has no such privilege.
     */
    public Optional<String> privilegeName(Privilege privilege) {
        return switch (this) {
            case MYSQL -> privilege.mysqlName();
            case MARIADB -> privilege.mariaDbName();
        };
    }

    /** {@code MySQL} or {@code MariaDB}, for messages. */
    public String productName() {
        return this == MARIADB ? "MariaDB" : "MySQL";
    }

    private String minimumVersion() {
        return productName() + " " + minimumMajor + "." + minimumMinor;
    }
}
