package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendUserName;
import io.grantgate.catalog.DisplayText;
import io.grantgate.catalog.Grant;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the backend really holds for backend accounts: their grants, existence and lock
 * state, and the list of accounts GrantGate derived. For drift detection and tests; only reads,
 * on a connection with {@code SELECT} on the {@code mysql} schema.
 */
public final class BackendGrants {

    private static final Logger log = LoggerFactory.getLogger(BackendGrants.class);

    private BackendGrants() {}

    /**
     * The account's grants, from {@code SHOW GRANTS}, read as {@link GrantLine} describes.
     *
     * @throws IllegalStateException when the account holds something GrantGate does not model; use
     *         {@link #inspect} to see the rest anyway
     * @throws SQLException when the account does not exist (error 1141) or the query fails
     */
    public static Set<Grant> read(Connection admin, BackendLogin login) throws SQLException {
        GrantListing listing = inspect(admin, login);
        if (!listing.isComplete()) {
            throw new IllegalStateException("backend account " + login.sql() + " holds privileges GrantGate does not "
                    + "model: " + String.join("; ", listing.unrecognised()) + ". Revoke them, or revoke everything "
                    + "(REVOKE ALL PRIVILEGES, GRANT OPTION) and grant again");
        }
        return listing.grants();
    }

    /** Everything {@code SHOW GRANTS} lists for the account, modelled or not. */
    public static GrantListing inspect(Connection admin, BackendLogin login) throws SQLException {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(login, "login");
        Set<Grant> grants = new LinkedHashSet<>();
        List<String> unrecognised = new ArrayList<>();
        try (Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SHOW GRANTS FOR " + login.sql())) {
            while (rows.next()) {
                GrantLine.Content content = GrantLine.read(lineText(rows), login);
                grants.addAll(content.grants());
                unrecognised.addAll(content.unrecognised());
            }
        }
        return new GrantListing(grants, unrecognised);
    }

    /**
     * The line as text. MariaDB (11.4 at least) labels the SHOW GRANTS column latin1 while it sends
     * the names in it as UTF-8, so the driver would turn {@code 日本} into {@code æ—¥æœ¬}: the bytes
     * are decoded as UTF-8 when they are valid UTF-8, which text that really is latin1 with any
     * character beyond ASCII practically never is.
     */
    private static String lineText(ResultSet rows) throws SQLException {
        byte[] bytes = rows.getBytes(1);
        if (bytes == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return rows.getString(1);
        }
    }

    /** Whether the account exists ({@code mysql.user}, a view on MariaDB). */
    public static boolean exists(Connection admin, BackendLogin login) throws SQLException {
        Objects.requireNonNull(login, "login");
        try (PreparedStatement statement =
                admin.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?")) {
            statement.setString(1, login.user());
            statement.setString(2, login.host());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Every account whose user name has the derived form ({@link BackendUserName#isDerived}), by
     * user and host: compared with the catalog, it shows orphans. An account whose host part could
     * not be named safely in SQL is left out, with a warning.
     */
    public static List<BackendLogin> derivedAccounts(Connection admin) throws SQLException {
        List<BackendLogin> logins = new ArrayList<>();
        // SUBSTRING, not LIKE 'gg\_%': a backslash in a literal reads differently under NO_BACKSLASH_ESCAPES
        try (Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT User, Host FROM mysql.user"
                        + " WHERE SUBSTRING(User, 1, 3) = 'gg_' ORDER BY User, Host")) {
            while (rows.next()) {
                String user = rows.getString(1);
                String host = rows.getString(2);
                if (BackendUserName.isDerived(user)) {
                    try {
                        logins.add(new BackendLogin(user, host));
                    } catch (IllegalArgumentException e) {
                        log.warn(
                                "backend account {} has a host part that cannot be quoted safely ({}); skipped",
                                DisplayText.quoted(user),
                                e.getMessage());
                    }
                }
            }
        }
        return List.copyOf(logins);
    }

    /**
     * Whether the account is locked: MySQL keeps it in {@code mysql.user.account_locked}, MariaDB
     * in the JSON of {@code mysql.global_priv} (its {@code mysql.user} view has no such column).
     *
     * @throws SQLException also when the account does not exist
     */
    public static boolean isLocked(Connection admin, BackendLogin login) throws SQLException {
        Objects.requireNonNull(login, "login");
        String query = switch (Dialect.of(admin)) {
            case MYSQL -> "SELECT account_locked FROM mysql.user WHERE User = ? AND Host = ?";
            case MARIADB ->
                "SELECT JSON_VALUE(Priv, '$.account_locked') FROM mysql.global_priv" + " WHERE User = ? AND Host = ?";
        };
        try (PreparedStatement statement = admin.prepareStatement(query)) {
            statement.setString(1, login.user());
            statement.setString(2, login.host());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("backend account " + login.sql() + " does not exist");
                }
                // MySQL: 'Y' or 'N'; MariaDB: 1 or 0 (JSON true/false), NULL when never locked
                String value = rows.getString(1);
                return value != null
                        && switch (value.toLowerCase(Locale.ROOT)) {
                            case "y", "1", "true" -> true;
                            default -> false;
                        };
            }
        }
    }
}
