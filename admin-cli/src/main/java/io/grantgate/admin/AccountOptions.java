package io.grantgate.admin;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.catalog.HostPattern;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** What {@code admin grant} and {@code admin user create} say about an account: hosts, plugin, limit. */
final class AccountOptions {

    @Option(
            names = "--host",
            paramLabel = "PATTERN",
            description = "Allowed client address: %%, 192.168.88.%%, 10.0.0.0/8, ::1, ... (repeatable).")
    private List<String> hosts = List.of();

    @Option(
            names = "--auth-plugin",
            paramLabel = "PLUGIN",
            description = "For a new account: caching_sha2_password (default) or mysql_native_password.")
    private String authPlugin;

    @Option(names = "--max-connections", paramLabel = "N", description = "At most N sessions of this account at once.")
    private Integer maxConnections;

    /** @throws IllegalArgumentException for a refused pattern */
    List<HostPattern> hosts() {
        return hosts.stream().map(HostPattern::parse).toList();
    }

    /** @throws IllegalArgumentException for an unknown plugin name */
    Optional<AuthPlugin> authPlugin() {
        return GrantCommand.plugin(authPlugin);
    }

    OptionalInt maxConnections() {
        return maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections);
    }
}
