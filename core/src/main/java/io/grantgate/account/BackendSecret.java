package io.grantgate.account;

import io.grantgate.auth.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Derives a backend account's password from the master key, so that no password is stored
 * anywhere: {@code base64url(HMAC-SHA256(key, "grantgate/backend/v1" NUL user NUL version))},
 * without padding, 43 characters of {@code [A-Za-z0-9_-]}, followed by {@value #POLICY_SUFFIX}.
 *
 * <p>The suffix guarantees an upper- and a lower-case letter, a digit and a special character,
 * which password-strength plugins demand (MySQL's validate_password at MEDIUM, MariaDB's
 * simple_password_check): about a quarter of bare base64url strings lack a special character and
 * would be refused with error 1819. It adds no secrecy and takes none away.
 *
 * <p>The derivation must never change: every backend account's password depends on it, and a
 * change would lock them all out at once (a known-answer test guards it). To change a single
 * account's password, bump its {@code secret_version}. The alphabet needs no escaping in any SQL
 * mode, so {@link SqlQuoting#literal} always accepts the password; NUL separators keep user and
 * version apart, since a user name cannot contain NUL.
 */
public final class BackendSecret {

    private static final String CONTEXT = "grantgate/backend/v1";
    static final String POLICY_SUFFIX = "-Gg9";

    private BackendSecret() {}

    /**
     * @param backendUser the backend user name, e.g. {@code gg_xuys_7}
     * @param secretVersion {@code backend_account.secret_version}, at least 1
     */
    public static Secret password(MasterKey key, String backendUser, int secretVersion) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(backendUser, "backendUser");
        if (backendUser.isEmpty() || backendUser.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("backend user must be non-empty and without U+0000");
        }
        if (secretVersion < 1) {
            throw new IllegalArgumentException("secret version must be positive, not " + secretVersion);
        }
        String message = CONTEXT + '\0' + backendUser + '\0' + secretVersion;
        byte[] mac = key.hmacSha256(message.getBytes(StandardCharsets.UTF_8));
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(mac) + POLICY_SUFFIX);
    }
}
