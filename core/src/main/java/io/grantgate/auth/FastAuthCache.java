package io.grantgate.auth;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * caching_sha2_password's in-memory cache: after a full authentication, {@code SHA256(SHA256(pw))}
 * per account, so later logins need only the scramble exchange. An entry is bound to the stored
 * verifier it was made under: a password change (a new verifier) invalidates it without any
 * explicit eviction, as MySQL's cache is flushed on ALTER USER.
 */
public final class FastAuthCache {

    private record Entry(String authenticationString, FastAuthDigest digest) {}

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    /** The cached digest for the account, if made under its current verifier. */
    public java.util.Optional<FastAuthDigest> lookup(long accountId, PasswordVerifier current) {
        Entry entry = entries.get(accountId);
        if (entry == null || !entry.authenticationString().equals(current.authenticationString())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(entry.digest());
    }

    /** After a successful full authentication with {@code password}. */
    public void remember(long accountId, PasswordVerifier current, String password) {
        Objects.requireNonNull(current, "current");
        entries.put(accountId, new Entry(current.authenticationString(), FastAuthDigest.of(password)));
    }

    public void forget(long accountId) {
        entries.remove(accountId);
    }
}
