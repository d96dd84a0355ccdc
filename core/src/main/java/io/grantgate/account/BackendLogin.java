package io.grantgate.account;

import io.grantgate.catalog.DisplayText;
import io.grantgate.catalog.UserName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A backend account's name, {@code 'user'@'host'}, exactly as the backend stores it.
 *
 * <p>The user is a name GrantGate derives ({@link BackendUserName}): 1 to 32 characters of
 * {@code [a-z0-9_]}, so it never needs more than plain quoting. The host is where the gateways
 * connect to the backend from, {@code %} in most deployments. It is kept exactly as given, not
 * normalised as {@link io.grantgate.catalog.HostPattern} would (which turns {@code 10.0.0.0/255.0.0.0}
 * into {@code 10.0.0.0/8}): the backend matches account names textually, so a normalised host would
 * name a different account. It is checked only for what could break quoting or hide in a terminal:
 * quotes, backslash, whitespace and control characters are refused.
 *
 * @param user the backend user name
 * @param host the host part, e.g. {@code %} or {@code 10.0.0.%}
 */
public record BackendLogin(String user, String host) {

    /** The host part that matches every client address. */
    public static final String ANY_HOST = "%";

    private static final Pattern USER = Pattern.compile("[a-z0-9_]{1," + UserName.MAX_LENGTH + "}");
    private static final int MAX_HOST_LENGTH = 255;

    public BackendLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException(
                    "backend user " + DisplayText.quoted(user) + " must be 1 to 32 characters of a-z, 0-9 and _");
        }
        checkHost(host);
    }

    /** {@code 'user'@'%'}. */
    public static BackendLogin anyHost(String user) {
        return new BackendLogin(user, ANY_HOST);
    }

    /** {@code 'user'@'host'}, as CREATE USER, GRANT and SHOW GRANTS take it. */
    public String sql() {
        return SqlQuoting.account(new UserName(user), host);
    }

    @Override
    public String toString() {
        return sql();
    }

    private static void checkHost(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("backend host is empty: use '%' for any host");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException(
                    "backend host " + DisplayText.quoted(host) + " is longer than " + MAX_HOST_LENGTH + " characters");
        }
        host.codePoints().forEach(cp -> {
            if (cp == '\''
                    || cp == '"'
                    || cp == '`'
                    || cp == '\\'
                    || Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp)
                    || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                throw new IllegalArgumentException("backend host " + DisplayText.quoted(host) + " contains "
                        + DisplayText.character(cp) + ", which is not allowed in a host");
            }
        });
    }
}
