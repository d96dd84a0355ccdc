package io.grantgate.catalog;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything a gateway needs to authenticate and authorise, read in one consistent transaction at
 * one catalog version. Immutable: a reload builds a new snapshot and swaps it in whole, so a login
 * never sees half of a change.
 */
public record CatalogSnapshot(long version, Map<UserName, Account> accounts) {

    public CatalogSnapshot {
        accounts = Map.copyOf(accounts);
    }

    public static CatalogSnapshot of(long version, List<Account> accounts) {
        return new CatalogSnapshot(
                version, accounts.stream().collect(Collectors.toMap(Account::user, Function.identity())));
    }

    public Optional<Account> account(UserName user) {
        return Optional.ofNullable(accounts.get(user));
    }

    /**
     * The snapshot as it stands at {@code now}: every host pattern and grant whose time is up is
     * absent (see {@link Account#asOf}). This snapshot itself when nothing has ended.
     */
    public CatalogSnapshot asOf(Instant now) {
        Map<UserName, Account> atNow = new HashMap<>();
        boolean changed = false;
        for (Account account : accounts.values()) {
            Account current = account.asOf(now);
            changed |= current != account;
            atNow.put(current.user(), current);
        }
        return changed ? new CatalogSnapshot(version, atNow) : this;
    }

    /** The first time a host pattern or grant of this snapshot ends; empty when none will. */
    public Optional<Instant> nextExpiry() {
        return accounts.values().stream()
                .map(a -> a.expiries().next())
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    /**
     * Whether a session this snapshot does not {@linkplain #keeps keep} lost its access because it
     * expired rather than because it was revoked: the host pattern it matched, or a grant it had, is
     * among the account's expired entries.
     */
    public boolean expiredFor(UserName user, HostPattern host, Account before) {
        Account now = accounts.get(user);
        if (now == null || now.id() != before.id()) {
            return false;
        }
        Expiries expiries = now.expiries();
        return expiries.expiredHosts().contains(host)
                || before.grants().stream().anyMatch(expiries.expiredGrants()::contains);
    }

    /**
     * Whether a session of {@code user}, logged in from a client matched by {@code host}, may go
     * on under this snapshot: the account still exists, is active, still has that host pattern,
     * and has kept every grant it had ({@code before}), its own or from a role: a role revoked from
     * it, or a privilege revoked from one of its roles, ends the session only when no other
     * source still gives what it lost. A session whose account gained grants goes
     * on; one that lost any is closed, since its backend connection may hold state (open
     * transactions, prepared statements, session variables) obtained with them.
     */
    public boolean keeps(UserName user, HostPattern host, Account before) {
        Account now = accounts.get(user);
        return now != null
                && now.id() == before.id()
                && now.status() == AccountStatus.ACTIVE
                && now.hosts().contains(host)
                && now.effectiveGrants().containsAll(before.effectiveGrants())
                && now.backend().equals(before.backend());
    }
}
