package io.grantgate.config;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the catalog is and how to log in: a picocli mixin shared by {@code bin/grantgate} and every
 * {@code bin/admin} command. The URL may be given on the command line; the password never has to be
 * (file or environment only). Created through a picocli factory that hands it the environment.
 */
public final class CatalogOptions {

    public static final Path DEFAULT_PROPERTIES = Path.of("grantgate-data", AdminProperties.FILE_NAME);

    @Option(
            names = "--catalog-url",
            paramLabel = "JDBC_URL",
            description = "The catalog, e.g. jdbc:mysql://db:3306/grantgate (env GRANTGATE_CATALOG_URL).")
    private String catalogUrl;

    @Option(
            names = "--admin-properties",
            paramLabel = "FILE",
            description = "catalog.url, catalog.user, catalog.password (default: ./grantgate-data/admin.properties).")
    private Path adminProperties;

    private final Map<String, String> environment;
    private Optional<AdminProperties> loaded;

    public CatalogOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Flag, then environment, then the properties file, for each of URL, user and password.
     *
     * @throws IllegalStateException naming what is missing and where it may come from
     */
    public CatalogSettings settings() throws IOException {
        return resolve(properties(), Optional.empty(), Optional.empty());
    }

    /**
     * As {@link #settings()}, with a user and password the caller read itself winning over the
     * environment and the file ({@code admin init} takes the admin login from its own options). A
     * named properties file may be missing here: {@code admin init} is what writes it.
     */
    public CatalogSettings settings(Optional<String> user, Optional<Secret> password) throws IOException {
        return resolve(existingProperties(), user, password);
    }

    private CatalogSettings resolve(
            Optional<AdminProperties> fromFile, Optional<String> givenUser, Optional<Secret> givenPassword) {
        String url = first(
                catalogUrl,
                environment.get("GRANTGATE_CATALOG_URL"),
                fromFile.map(AdminProperties::catalogUrl).orElse(null));
        String user = first(
                givenUser.orElse(null),
                environment.get("GRANTGATE_CATALOG_USER"),
                fromFile.map(AdminProperties::user).orElse(null));
        String password = first(
                givenPassword.map(Secret::reveal).orElse(null),
                environment.get("GRANTGATE_CATALOG_PASSWORD"),
                fromFile.map(p -> p.password().reveal()).orElse(null));
        if (url == null || user == null || password == null) {
            throw new IllegalStateException(
                    "no catalog login: start 'bin/grantgate --embedded' (it writes " + DEFAULT_PROPERTIES
                            + "), or give --admin-properties FILE, or set GRANTGATE_CATALOG_URL, GRANTGATE_CATALOG_USER and GRANTGATE_CATALOG_PASSWORD");
        }
        return new CatalogSettings(url, user, new Secret(password));
    }

    /** The properties file named by {@code --admin-properties}, else the default; it may not exist. */
    public Path propertiesFile() {
        return adminProperties != null ? adminProperties : DEFAULT_PROPERTIES;
    }

    /** The properties file's contents when it exists, named or not. */
    private Optional<AdminProperties> existingProperties() throws IOException {
        return Files.isReadable(propertiesFile()) ? properties() : Optional.empty();
    }

    /** The admin properties file, when there is one (the named one must exist); read once. */
    public Optional<AdminProperties> properties() throws IOException {
        if (loaded == null) {
            Path file = adminProperties != null ? adminProperties : DEFAULT_PROPERTIES;
            if (Files.isReadable(file)) {
                loaded = Optional.of(AdminProperties.read(file));
            } else if (adminProperties != null) {
                throw new IllegalStateException("cannot read " + adminProperties);
            } else {
                loaded = Optional.empty();
            }
        }
        return loaded;
    }

    /** The directory the properties file is in: where an embedded set-up keeps its master key. */
    public Path propertiesDirectory() {
        Path file = propertiesFile();
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /**
     * Where the master key is kept unless the environment names it: {@code master-key.file} from
     * the properties file (relative to it), else {@code master.key} beside it.
     */
    public Path masterKeyFile() throws IOException {
        return existingProperties()
                .flatMap(p -> p.option(AdminProperties.KEY_MASTER_KEY_FILE))
                .map(f -> propertiesDirectory().resolve(f))
                .orElse(propertiesDirectory().resolve("master.key"));
    }

    public Map<String, String> environment() {
        return environment;
    }

    static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
