package io.grantgate.ops.embedded;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The statements that make a fresh MariaDB install safe, as mysql_secure_installation would, run
 * through {@code --init-file} at every start, before the server accepts its first connection:
 * <ul>
 *   <li>no anonymous users: {@code ''@'localhost'} would shadow a {@code 'user'@'%'} login from
 *       localhost, the classic surprise of "GRANT ... TO u@'%'" not working locally;</li>
 *   <li>root only through the Unix socket as the OS root user, never a password-less root over
 *       TCP;</li>
 *   <li>no grants to PUBLIC (MariaDB 10.11+ installs all data and DDL privileges on {@code test}
 *       and {@code test\_%} for PUBLIC, and older installs the same for anonymous users): every
 *       account, so every gateway account's backend account, would hold them beside its own grants,
 *       and could create and write schemas it was never granted. The {@code test} database goes at
 *       the first install; on later starts it may be the user's own;</li>
 *   <li>the gateway's admin login, over TCP from loopback only, with a password only
 *       {@code admin.properties} holds (the script carries just its hash).</li>
 * </ul>
 * Every statement is idempotent, so running it at each start also repairs a tampered install.
 * One statement per line and no comments: that is all an init file is guaranteed to understand.
 */
final class SecureInstallScript {

    private static final Pattern NATIVE_HASH = Pattern.compile("\\*[0-9A-F]{40}");
    private static final Pattern PLAIN_USER = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private SecureInstallScript() {}

    /**
     * @param adminUser the admin account's name (a fixed, plain identifier)
     * @param adminPasswordHash its mysql_native_password hash, {@code *HEX}
     * @param freshInstall the server was installed just now: its {@code test} database is the installer's, empty
     */
    static List<String> statements(String adminUser, String adminPasswordHash, boolean freshInstall) {
        if (!PLAIN_USER.matcher(adminUser).matches()) {
            throw new IllegalArgumentException("admin user must be a plain identifier: " + adminUser);
        }
        if (!NATIVE_HASH.matcher(adminPasswordHash).matches()) {
            throw new IllegalArgumentException("not a mysql_native_password hash");
        }
        String hash = "'" + adminPasswordHash + "'";
        List<String> statements = new java.util.ArrayList<>(List.of(
                "DELETE FROM mysql.global_priv WHERE User = ''",
                "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost'",
                "DELETE FROM mysql.proxies_priv WHERE User = ''",
                "DELETE FROM mysql.db WHERE User IN ('', 'PUBLIC') OR Db IN ('test', 'test\\\\_%')",
                "DELETE FROM mysql.tables_priv WHERE User IN ('', 'PUBLIC')",
                "DELETE FROM mysql.columns_priv WHERE User IN ('', 'PUBLIC')",
                "DELETE FROM mysql.procs_priv WHERE User IN ('', 'PUBLIC')",
                "FLUSH PRIVILEGES",
                "ALTER USER IF EXISTS 'root'@'localhost' IDENTIFIED VIA unix_socket"));
        for (String host : List.of("127.0.0.1", "localhost")) {
            String account = "'" + adminUser + "'@'" + host + "'";
            statements.add("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY PASSWORD " + hash);
            statements.add("ALTER USER " + account + " IDENTIFIED BY PASSWORD " + hash + " ACCOUNT UNLOCK");
            statements.add("GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION");
        }
        if (freshInstall) {
            statements.add("DROP DATABASE IF EXISTS test");
        }
        return List.copyOf(statements);
    }

    /** The file's text: one statement per line. */
    static String text(List<String> statements) {
        StringBuilder text = new StringBuilder();
        for (String statement : statements) {
            text.append(statement).append(";\n");
        }
        return text.toString();
    }
}
