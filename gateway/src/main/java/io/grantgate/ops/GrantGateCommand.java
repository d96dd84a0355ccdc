package io.grantgate.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.catalog.CatalogSettings;
import io.grantgate.ops.embedded.EmbeddedDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/grantgate}: starts a gateway instance.
 *
 * <p>Until the gateway server lands it does everything that precedes serving: it starts the
 * embedded database when asked, migrates the catalog, reports that it is ready, and runs until
 * Ctrl-C (SIGINT) or SIGTERM, then stops the database cleanly.
 */
@Command(name = "grantgate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "GrantGate: a MySQL-protocol gateway with user grants.",
            "",
            "With --embedded it needs nothing installed: it runs its own MariaDB",
            "(127.0.0.1 only) in the data directory, keeps the catalog there and",
            "writes admin.properties for bin/admin. Without it, the catalog is given",
            "by --catalog-url or GRANTGATE_CATALOG_URL, and the login by",
            "GRANTGATE_CATALOG_USER and GRANTGATE_CATALOG_PASSWORD or by an",
            "--admin-properties file.",
            ""},
        footer = {"", "Examples:", "  bin/grantgate --embedded",
            "  GRANTGATE_CATALOG_URL=jdbc:mysql://db:3306/grantgate \\",
            "  GRANTGATE_CATALOG_USER=gg GRANTGATE_CATALOG_PASSWORD=... bin/grantgate"})
public final class GrantGateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GrantGateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--embedded", description = "Run an embedded MariaDB for the catalog (and, for now, as the backend).")
    private boolean embedded;

    @Option(names = "--data-dir", defaultValue = "./grantgate-data", paramLabel = "DIR",
            description = "Where --embedded keeps its database and admin.properties (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--embedded-port", defaultValue = "" + EmbeddedDatabase.DEFAULT_PORT, paramLabel = "PORT",
            description = "Port of the embedded MariaDB, on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int embeddedPort;

    @Mixin
    private CatalogOptions catalog;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new GrantGateCommand(), new EnvironmentFactory(System.getenv()))
                .setExecutionExceptionHandler(GrantGateCommand::reportFailure)
                .execute(args);
        System.exit(exitCode);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (embeddedPort < 1 || embeddedPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--embedded-port must be 1-65535, was " + embeddedPort);
        }
        EmbeddedDatabase database = null;
        CatalogSettings settings;
        if (embedded) {
            out.printf("starting the embedded MariaDB in %s (the first start installs it: 10-20 s)...%n", dataDir);
            out.flush();
            database = EmbeddedDatabase.start(dataDir, embeddedPort);
            settings = database.admin().catalogSettings();
        } else {
            settings = catalog.settings();
        }

        CatalogStartup.Result ready;
        try {
            ready = CatalogStartup.migrateAndOpen(settings);
        } catch (Exception e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedDatabase started = database;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(ready.dataSource(), started, stopped), "grantgate-shutdown"));

        out.printf("GrantGate catalog ready: schema version %s on %s (%s)%n",
                ready.migration().versionAfter(), ready.serverVersion(), redact(settings.jdbcUrl()));
        if (embedded) {
            out.printf("admin login written to %s; try: bin/admin grant USER --host PATTERN --generate-password%n",
                    database.dataDirectory().resolve(AdminProperties.FILE_NAME));
        }
        out.println("ready. Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static void shutdown(HikariDataSource catalog, EmbeddedDatabase database, CountDownLatch stopped) {
        log.info("shutting down");
        catalog.close();
        if (database != null) {
            database.close();
        }
        stopped.countDown();
        log.info("stopped");
    }

    /** A failure the operator can act on: one line saying what went wrong, the stack trace at DEBUG. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("grantgate: " + e.getMessage());
        log.debug("start-up failed", e);
        return 1;
    }

    /** The URL without any query string, which may carry a password. */
    static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
