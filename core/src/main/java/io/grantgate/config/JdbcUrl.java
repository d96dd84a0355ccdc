package io.grantgate.config;

/**
 * The parts of a MySQL/MariaDB JDBC URL that GrantGate derives other addresses from:
 * {@code jdbc:mysql://} + authority ({@code host:port}, or several, comma-separated) + {@code /schema}
 * + {@code ?query}.
 */
public record JdbcUrl(String prefix, String authority, String query) {

    public static JdbcUrl parse(String url) {
        int hostStart = url.indexOf("//");
        if (hostStart < 0) {
            throw new IllegalArgumentException("not a JDBC URL with a host: " + url);
        }
        int authorityStart = hostStart + 2;
        int query = url.indexOf('?', authorityStart);
        int path = url.indexOf('/', authorityStart);
        int end = path >= 0 && (query < 0 || path < query) ? path : (query >= 0 ? query : url.length());
        return new JdbcUrl(
                url.substring(0, authorityStart),
                url.substring(authorityStart, end),
                query < 0 ? "" : url.substring(query));
    }

    /**
     * The schema {@code url} names ({@code grantgate} in {@code jdbc:mysql://db:3306/grantgate?x=y}),
     * or empty when it names none.
     */
    public static java.util.Optional<String> schemaOf(String url) {
        JdbcUrl parsed = parse(url);
        int start = parsed.prefix().length() + parsed.authority().length();
        int end = url.length() - parsed.query().length();
        String path = start < end && url.charAt(start) == '/' ? url.substring(start + 1, end) : "";
        return path.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(path);
    }

    /** The same server (all hosts, same options) without a schema. */
    public String server() {
        return prefix + authority + "/" + query;
    }

    /** The first host as {@code host:port}, with MySQL's 3306 when the URL names no port. */
    public String firstHostPort() {
        int comma = authority.indexOf(',');
        String host = comma < 0 ? authority : authority.substring(0, comma);
        return host.contains(":") && !host.endsWith("]") ? host : host + ":3306";
    }
}
