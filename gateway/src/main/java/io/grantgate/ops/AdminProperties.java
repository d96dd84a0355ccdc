package io.grantgate.ops;

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
import java.util.Objects;
import java.util.Properties;

/**
 * The admin login to the catalog, as {@code bin/grantgate --embedded} writes it and {@code bin/admin}
 * reads it by default ({@code ./grantgate-data/admin.properties}).
 *
 * <p>It holds a password, so the file is created with mode 0600 and replaced atomically, never
 * rewritten in place where another user could read a half-written copy.
 */
public record AdminProperties(String catalogUrl, String user, Secret password) {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "admin.properties";

    static final String KEY_URL = "catalog.url";
    static final String KEY_USER = "catalog.user";
    static final String KEY_PASSWORD = "catalog.password";

    public AdminProperties {
        Objects.requireNonNull(catalogUrl, KEY_URL);
        Objects.requireNonNull(user, KEY_USER);
        Objects.requireNonNull(password, KEY_PASSWORD);
        if (!catalogUrl.startsWith("jdbc:mysql:") && !catalogUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException(KEY_URL + " must be a jdbc:mysql: or jdbc:mariadb: URL, was: " + catalogUrl);
        }
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
        return new AdminProperties(
                required(props, KEY_URL, file), required(props, KEY_USER, file), new Secret(required(props, KEY_PASSWORD, file)));
    }

    private static String required(Properties props, String key, Path file) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + ": missing key '" + key + "'");
        }
        return value.strip();
    }

    /** Writes the file with mode 0600, replacing any earlier one atomically. */
    public void write(Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty(KEY_URL, catalogUrl);
        props.setProperty(KEY_USER, user);
        props.setProperty(KEY_PASSWORD, password.reveal());
        StringWriter text = new StringWriter();
        props.store(text, "GrantGate admin login to the catalog. Private: keep mode 0600.");

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
