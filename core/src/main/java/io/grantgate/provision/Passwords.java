package io.grantgate.provision;

import io.grantgate.auth.PasswordRules;
import io.grantgate.auth.Secret;
import java.security.SecureRandom;

/** Rules for account passwords, and generated ones. */
public final class Passwords {

    /** caching_sha2_password hashes at most 256 bytes; MySQL refuses longer passwords too. */
    public static final int MAX_BYTES = PasswordRules.MAX_BYTES;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** Refuses an empty password, one over {@value #MAX_BYTES} bytes, and NUL (the protocol ends strings with it). */
    public static void check(Secret password) {
        PasswordRules.problem(password).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** 24 characters from an alphabet without look-alikes: about 140 bits. */
    public static Secret generate() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new Secret(password.toString());
    }
}
