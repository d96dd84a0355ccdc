package io.grantgate.provision;

import io.grantgate.auth.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Rules for account passwords, and generated ones. */
public final class Passwords {

    /** caching_sha2_password hashes at most 256 bytes; MySQL refuses longer passwords too. */
    public static final int MAX_BYTES = 256;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** Refuses an empty password, one over {@value #MAX_BYTES} bytes, and NUL (the protocol ends strings with it). */
    public static void check(Secret password) {
        String value = password.reveal();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty password is not allowed");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("the password is longer than " + MAX_BYTES + " bytes");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the password contains a NUL character");
        }
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
