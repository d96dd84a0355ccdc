package io.grantgate.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a test server listens and the admin login the tests use on it.
 *
 * @param host an address or name on loopback (tests never use a server beyond it unless given one)
 */
public record ServerLogin(String host, int port, String user, String password) {

    public ServerLogin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Reads {@code jdbc:mysql://host:port/?user=...&password=...}. */
    static ServerLogin fromJdbcUrl(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int hostEnd = slash >= 0 ? slash : (question >= 0 ? question : rest.length());
        String hostPort = rest.substring(0, hostEnd);
        Map<String, String> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 3306;
        String user = query.get("user");
        if (user == null) {
            throw new IllegalArgumentException(
                    "the JDBC URL in " + BackendChoice.ENVIRONMENT_VARIABLE + " needs ?user=...&password=...");
        }
        return new ServerLogin(host, port, user, query.getOrDefault("password", ""));
    }

    /** A Connector/J URL for {@code schema} ("" for none). */
    public String jdbcUrl(String schema) {
        return "jdbc:mysql://" + host + ":" + port + "/" + schema;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
