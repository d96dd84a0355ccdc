package io.grantgate.config;

import io.grantgate.auth.Secret;
import io.grantgate.catalog.CatalogSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The admin login to the catalog, as {@code bin/grantgate --embedded} writes it and {@code bin/admin}
 * reads it by default ({@code ./grantgate-data/admin.properties}).
 *
 * <p>It holds a password, so the file is created with mode 0600 and replaced atomically, never
 * rewritten in place where another user could read a half-written copy.
 */
public record AdminProperties(String catalogUrl, String user, Secret password, Map<String, String> options) {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "admin.properties";

    static final String KEY_URL = "catalog.url";
    static final String KEY_USER = "catalog.user";
    static final String KEY_PASSWORD = "catalog.password";
    /** Optional: the master key file backend passwords derive from. */
    public static final String KEY_MASTER_KEY_FILE = "master-key.file";
    /** Optional: the backend admin login for provisioning; defaults to the catalog's server and login. */
    public static final String KEY_BACKEND_URL = "backend.url";

    public static final String KEY_BACKEND_USER = "backend.user";
    public static final String KEY_BACKEND_PASSWORD = "backend.password";
    /** Optional: the host part of every backend account (default %). */
    public static final String KEY_BACKEND_ACCOUNT_HOST = "backend.account-host";

    private static final java.util.Set<String> REQUIRED = java.util.Set.of(KEY_URL, KEY_USER, KEY_PASSWORD);

    public AdminProperties(String catalogUrl, String user, Secret password) {
        this(catalogUrl, user, password, Map.of());
    }

    public AdminProperties {
        Objects.requireNonNull(catalogUrl, KEY_URL);
        Objects.requireNonNull(user, KEY_USER);
        Objects.requireNonNull(password, KEY_PASSWORD);
        if (!catalogUrl.startsWith("jdbc:mysql:") && !catalogUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException(
                    KEY_URL + " must be a jdbc:mysql: or jdbc:mariadb: URL, was: " + catalogUrl);
        }
        options = Map.copyOf(options);
    }

    /** An optional setting, blank counting as absent. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The same properties with {@code key} set to {@code value}. */
    public AdminProperties withOption(String key, String value) {
        Map<String, String> changed = new java.util.TreeMap<>(options);
        changed.put(key, value);
        return new AdminProperties(catalogUrl, user, password, changed);
    }

    /** The catalog login these properties describe. */
    public CatalogSettings catalogSettings() {
        return new CatalogSettings(catalogUrl, user, password);
    }

    /**
     * Reads the file, naming the missing key when one is absent.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a key is missing or invalid
     */
    public static AdminProperties read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<String, String> options = new java.util.TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (!REQUIRED.contains(key)) {
                options.put(key, props.getProperty(key));
            }
        }
        return new AdminProperties(
                required(props, KEY_URL, file),
                required(props, KEY_USER, file),
                new Secret(required(props, KEY_PASSWORD, file)),
                options);
    }

    private static String required(Properties props, String key, Path file) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + ": missing key '" + key + "'");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        Map<String, String> shown = new java.util.TreeMap<>(options);
        shown.replaceAll((key, value) -> key.contains("password") ? "****" : value);
        return "AdminProperties[" + KEY_URL + "=" + catalogUrl + ", " + KEY_USER + "=" + user + ", " + KEY_PASSWORD
                + "=****, " + shown + "]";
    }

    /** Writes the file with mode 0600, replacing any earlier one atomically. */
    public void write(Path file) throws IOException {
        write(file, "GrantGate admin login to the catalog. Private: keep mode 0600.");
    }

    /** As {@link #write(Path)}, with {@code comment} as the file's first line. */
    public void write(Path file, String comment) throws IOException {
        Properties props = new Properties();
        props.setProperty(KEY_URL, catalogUrl);
        props.setProperty(KEY_USER, user);
        props.setProperty(KEY_PASSWORD, password.reveal());
        options.forEach(props::setProperty);
        StringWriter text = new StringWriter();
        props.store(text, comment);

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(
                dir,
                FILE_NAME,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
