package io.grantgate.catalog;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * When an account's time-limited host patterns and grants end ({@code expires_at}), and which of them
 * have ended but are still in the catalog. An entry absent from {@code hosts} and {@code grants} is
 * permanent.
 *
 * <p>A catalog row outlives its expiry until an admin sweeps it ({@code admin expire}, or the next
 * admin change), which is also when its privilege is revoked on the backend. A snapshot taken at a
 * time ({@link Account#asOf}) leaves such entries out of the account's hosts and grants and lists
 * them here as expired: the gateway then treats them as absent, and knows that the backend account
 * still holds the expired grants.
 *
 * @param hosts when each time-limited host pattern the account holds ends
 * @param grants when each time-limited grant the account holds ends
 * @param expiredHosts host patterns past their time, still in the catalog
 * @param expiredGrants grants past their time, still in the catalog and on the backend account
 */
public record Expiries(
        Map<HostPattern, Instant> hosts,
        Map<Grant, Instant> grants,
        Set<HostPattern> expiredHosts,
        Set<Grant> expiredGrants) {

    /** Nothing ends. */
    public static final Expiries NONE = new Expiries(Map.of(), Map.of(), Set.of(), Set.of());

    public Expiries {
        hosts = Map.copyOf(hosts);
        grants = Map.copyOf(grants);
        expiredHosts = Set.copyOf(expiredHosts);
        expiredGrants = Set.copyOf(expiredGrants);
    }

    /** When {@code host} ends; empty when it is permanent. */
    public Optional<Instant> of(HostPattern host) {
        return Optional.ofNullable(hosts.get(host));
    }

    /** When {@code grant} ends; empty when it is permanent. */
    public Optional<Instant> of(Grant grant) {
        return Optional.ofNullable(grants.get(grant));
    }

    /** The first time something ends that has not ended yet. */
    public Optional<Instant> next() {
        return Stream.concat(hosts.values().stream(), grants.values().stream()).min(Instant::compareTo);
    }

    /** Whether anything ends or has ended. */
    public boolean isEmpty() {
        return hosts.isEmpty() && grants.isEmpty() && expiredHosts.isEmpty() && expiredGrants.isEmpty();
    }

    /** The host patterns whose time is up at {@code now} (an entry ends at its instant). */
    Set<HostPattern> hostsEndedBy(Instant now) {
        return endedBy(hosts, now);
    }

    Set<Grant> grantsEndedBy(Instant now) {
        return endedBy(grants, now);
    }

    /** These entries moved from the living to the expired. */
    Expiries ended(Set<HostPattern> endedHosts, Set<Grant> endedGrants) {
        Map<HostPattern, Instant> liveHosts = new HashMap<>(hosts);
        liveHosts.keySet().removeAll(endedHosts);
        Map<Grant, Instant> liveGrants = new HashMap<>(grants);
        liveGrants.keySet().removeAll(endedGrants);
        Set<HostPattern> deadHosts = new HashSet<>(expiredHosts);
        deadHosts.addAll(endedHosts);
        Set<Grant> deadGrants = new HashSet<>(expiredGrants);
        deadGrants.addAll(endedGrants);
        return new Expiries(liveHosts, liveGrants, deadHosts, deadGrants);
    }

    private static <T> Set<T> endedBy(Map<T, Instant> entries, Instant now) {
        Set<T> ended = new HashSet<>();
        entries.forEach((entry, end) -> {
            if (!end.isAfter(now)) {
                ended.add(entry);
            }
        });
        return ended;
    }
}
