package io.grantgate.admin;

import io.grantgate.account.AccountMirror;
import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.account.MasterKey;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.BackendGrants;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A migrated catalog schema of its own on the test server, an environment that points the admin
 * command at it (the backend being the same server), and a master key; plus ways to look at what
 * the catalog and the backend really hold.
 */
final class AdminFixture {

    private static final SecureRandom RANDOM = new SecureRandom();

    final TestBackend backend = TestBackend.get();
    final String schema;
    final String masterKey;
    final Map<String, String> env;
    /** Prefix for user names, so that test classes sharing the server never share backend accounts. */
    final String prefix;

    AdminFixture(String name) {
        schema = backend.newSchema(name);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        masterKey = Base64.getEncoder().encodeToString(key);
        ServerLogin login = backend.login();
        env = Map.of(
                "GRANTGATE_CATALOG_URL",
                login.jdbcUrl(schema),
                "GRANTGATE_CATALOG_USER",
                login.user(),
                "GRANTGATE_CATALOG_PASSWORD",
                login.password(),
                "GRANTGATE_MASTER_KEY",
                masterKey);
        prefix = name.replaceAll("[^a-z]", "") + Integer.toString(RANDOM.nextInt(36 * 36), 36);
        CliRun.run(env, "migrate").expect(0);
    }

    CliRun admin(String... args) {
        return CliRun.run(env, args);
    }

    CliRun adminWithInput(String stdin, String... args) {
        return CliRun.withInput(env, stdin, args);
    }

    Optional<Account> account(String user) throws SQLException {
        try (Connection c = backend.connect(schema)) {
            return new CatalogReader(c).find(new UserName(user));
        }
    }

    long catalogVersion() throws SQLException {
        try (Connection c = backend.connect(schema)) {
            return new CatalogReader(c).version(false);
        }
    }

    BackendLogin backendLogin(String user) throws SQLException {
        return AccountMirror.loginOf(account(user).orElseThrow());
    }

    /** What SHOW GRANTS on the backend says the account's backend account holds. */
    Set<Grant> backendGrants(String user) throws SQLException {
        try (Connection admin = backend.connect("")) {
            return BackendGrants.read(admin, backendLogin(user));
        }
    }

    boolean backendExists(BackendLogin login) throws SQLException {
        try (Connection admin = backend.connect("")) {
            return BackendGrants.exists(admin, login);
        }
    }

    /** Logs in to the backend as the account's backend account, with the password derived from the master key. */
    Connection connectAsBackendAccount(String user, String database) throws SQLException {
        BackendLogin login = backendLogin(user);
        String password = BackendSecret.password(MasterKey.fromBase64(masterKey), login.user(), 1)
                .reveal();
        return DriverManager.getConnection(backend.login().jdbcUrl(database), login.user(), password);
    }
}
