package io.grantgate.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.account.MasterKey;
import io.grantgate.audit.ChainHead;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.UserName;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.provision.BackendTarget;
import io.grantgate.provision.ChangeRunner;
import io.grantgate.provision.Dialect;
import io.grantgate.provision.GrantPlanner;
import io.grantgate.provision.GrantRequest;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A catalog of its own on the test server for a gateway run as a process, as an operator with an
 * external catalog runs it: migrated, with a master key and one account (all privileges on a
 * schema of its own, plain TCP from 127.0.0.1) provisioned before the gateway starts, so that it
 * serves the account from its first catalog read. Also reads the gateway's audit checkpoint.
 *
 * <p>Not the embedded catalog: a kill -9 of the gateway would leave its mariadbd running, and the
 * restart on the same data directory would then refuse to start a second one.
 */
final class AuditedCatalog implements AutoCloseable {

    final String user;
    final String password;
    final String dataSchema;
    final MasterKey masterKey;

    private final TestBackend backend = TestBackend.get();
    private final String catalogSchema;
    private final String masterKeyBase64;
    private final HikariDataSource catalog;

    AuditedCatalog(String prefix) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKeyBase64 = Base64.getEncoder().encodeToString(key);
        masterKey = MasterKey.fromBase64(masterKeyBase64);
        catalogSchema = backend.newSchema(prefix);
        dataSchema = backend.newSchema(prefix + "data");
        catalog = CatalogDataSource.open(backend.catalogSettings(catalogSchema), "durability-catalog");
        new CatalogMigrator(catalog).migrate();
        user = "dur_" + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36);
        password = "pw-" + user;
        grantAll();
        try (Connection c = backend.connect(dataSchema);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE marks (marker VARCHAR(64) PRIMARY KEY)");
        }
    }

    private void grantAll() throws Exception {
        ServerLogin login = backend.login();
        try (HikariDataSource backendAdmin = CatalogDataSource.open(
                        login.jdbcUrl(""), login.user(), new Secret(login.password()), "durability-backend");
                Connection c = backendAdmin.getConnection()) {
            BackendTarget target = new BackendTarget(Dialect.of(c), masterKey, "%");
            GrantRequest request = new GrantRequest(
                    new UserName(user),
                    List.of(HostPattern.parse("127.0.0.1")),
                    Set.of(new Grant(Privilege.parse("ALL"), GrantScope.parse(dataSchema + ".*"))),
                    Optional.of(new Secret(password)),
                    false,
                    Optional.empty(),
                    OptionalInt.empty(),
                    Optional.empty(),
                    false,
                    io.grantgate.provision.Lifetime.PERMANENT);
            GrantPlanner planner = new GrantPlanner(target);
            new ChangeRunner(catalog, backendAdmin, "test")
                    .run(
                            reader -> planner.plan(
                                    request, reader.find(request.user()), reader.nextAccountId(), reader.now()),
                            false);
        }
    }

    /** What bin/grantgate needs to find this catalog, its backend and the master key. */
    Map<String, String> environment() {
        ServerLogin login = backend.login();
        return Map.of(
                "GRANTGATE_CATALOG_URL",
                login.jdbcUrl(catalogSchema),
                "GRANTGATE_CATALOG_USER",
                login.user(),
                "GRANTGATE_CATALOG_PASSWORD",
                login.password(),
                MasterKey.KEY_VARIABLE,
                masterKeyBase64);
    }

    /** The chain head the gateway {@code instance} last stored in {@code audit_checkpoint}. */
    Optional<ChainHead> checkpoint(String instance) throws SQLException {
        try (Connection c = catalog.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT file_name, seq, mac FROM audit_checkpoint WHERE instance_id = ?")) {
            select.setString(1, instance);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The markers the INSERTs that reached the backend left in the data schema. */
    Set<String> insertedMarkers() throws SQLException {
        Set<String> markers = new java.util.HashSet<>();
        try (Connection c = backend.connect(dataSchema);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT marker FROM marks")) {
            while (rs.next()) {
                markers.add(rs.getString(1));
            }
        }
        return markers;
    }

    @Override
    public void close() {
        catalog.close();
    }
}
