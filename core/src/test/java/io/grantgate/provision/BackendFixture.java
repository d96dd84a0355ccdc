package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.account.BackendSecret;
import io.grantgate.account.MasterKey;
import io.grantgate.account.SqlQuoting;
import io.grantgate.auth.Secret;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one integration test creates on the shared test server, so that it can drop it afterwards:
 * backend accounts named {@code gg_t<random>_<n>} (the derived form, so the orphan listing sees
 * them) and schemas. Opens one admin connection for the test.
 */
final class BackendFixture implements AutoCloseable {

    /** Bytes 0x00..0x1f: a fixed key, so that a failing test can be replayed by hand. */
    static final MasterKey KEY = MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final TestBackend backend = TestBackend.get();
    final Connection admin;
    final Dialect dialect;
    final BackendStatements statements;
    final BackendExecutor executor;
    private final List<BackendLogin> logins = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    BackendFixture() throws SQLException {
        admin = backend.connect("");
        dialect = Dialect.of(admin);
        statements = new BackendStatements(dialect);
        executor = new BackendExecutor(admin);
    }

    /** A fresh account name, dropped by {@link #close()}; not created. */
    BackendLogin newLogin() {
        BackendLogin login = BackendLogin.anyHost("gg_t" + RUN + "_" + COUNTER.incrementAndGet());
        logins.add(login);
        return login;
    }

    /** Creates {@code login} with its derived password of {@code secretVersion}. */
    Secret create(BackendLogin login, int secretVersion) throws ProvisioningException {
        Secret password = BackendSecret.password(KEY, login.user(), secretVersion);
        executor.run(statements.create(login, password));
        return password;
    }

    /** A new schema from {@link TestBackend#newSchema}: its name has underscores. */
    String newSchema(String prefix) {
        String schema = backend.newSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    /** Creates a schema with exactly this name, e.g. a hostile one. */
    String createSchema(String name) throws SQLException {
        admin("CREATE DATABASE " + SqlQuoting.identifier(name) + " CHARACTER SET utf8mb4");
        schemas.add(name);
        return name;
    }

    void createTable(String schema, String table) throws SQLException {
        admin("CREATE TABLE " + SqlQuoting.identifier(schema) + "." + SqlQuoting.identifier(table) + " (id INT)");
    }

    void admin(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Logs in as {@code login} with Connector/J, as the gateway's pool would. */
    Connection loginAs(BackendLogin login, Secret password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", password.reveal());
        // caching_sha2_password's first login needs TLS or the server's RSA key; the test server may lack TLS
        properties.setProperty("allowPublicKeyRetrieval", "true");
        return DriverManager.getConnection(backend.login().jdbcUrl(""), properties);
    }

    /** The first column of the first row of {@code sql}, run as {@code connection}'s user. */
    static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            for (BackendLogin login : logins) {
                admin("DROP USER IF EXISTS " + login.sql());
            }
            for (String schema : schemas) {
                admin("DROP DATABASE IF EXISTS " + SqlQuoting.identifier(schema));
            }
        } finally {
            admin.close();
        }
    }
}
