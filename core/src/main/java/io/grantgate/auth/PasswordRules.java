package io.grantgate.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The passwords the gateway stores, whoever sets them ({@code admin user password}, or a client's
 * SET PASSWORD through the gateway): not empty, at most {@value #MAX_BYTES} bytes, no NUL.
 */
public final class PasswordRules {

    /** caching_sha2_password hashes at most 256 bytes; MySQL refuses longer passwords too. */
    public static final int MAX_BYTES = 256;

    private PasswordRules() {}

    /** What is wrong with {@code password}, or empty when it may be stored. */
    public static Optional<String> problem(Secret password) {
        String value = password.reveal();
        if (value.isEmpty()) {
            return Optional.of("an empty password is not allowed");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("the password is longer than " + MAX_BYTES + " bytes");
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("the password contains a NUL character");
        }
        return Optional.empty();
    }
}
