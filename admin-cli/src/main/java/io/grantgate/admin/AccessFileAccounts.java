package io.grantgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.account.PrivateFile;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.Secret;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.Privilege;
import io.grantgate.catalog.PrivilegePolicy;
import io.grantgate.catalog.RoleName;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.DesiredAccount;
import io.grantgate.provision.DesiredRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The accounts an access file asks for, checked and with their password references resolved: a
 * {@code {env: VAR}} from the command's environment, a {@code {file: PATH}} (relative to the access
 * file's folder) from its first line. Whatever is wrong is an {@link IllegalArgumentException}
 * naming the account and the field.
 */
final class AccessFileAccounts {

    static final String KEEP = "keep";
    static final String UNLOCKED = "unlocked";
    static final String LOCKED = "locked";
    static final String DEFAULT_LEVEL = "default";

    private final Map<String, String> environment;
    private final Path folder;

    /** @param folder where a {@code {file: PATH}} reference is resolved from: the access file's folder */
    AccessFileAccounts(Map<String, String> environment, Path folder) {
        this.environment = environment;
        this.folder = folder;
    }

    List<DesiredAccount> accounts(AccessFile file) {
        if (file.version() == null || file.version() != AccessFile.VERSION) {
            throw new IllegalArgumentException("the access file's version must be " + AccessFile.VERSION + ", was "
                    + file.version() + " (is this an access file written by 'admin export'?)");
        }
        if (file.accounts() == null) {
            throw new IllegalArgumentException("the access file has no accounts list (an empty one is 'accounts: []')");
        }
        List<DesiredAccount> accounts = new ArrayList<>();
        for (AccessFile.AccountEntry entry : file.accounts()) {
            if (entry == null || entry.name() == null) {
                throw new IllegalArgumentException("an account of the access file has no name");
            }
            try {
                accounts.add(account(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "account '" + entry.name() + "' of the access file: " + e.getMessage(), e);
            }
        }
        return accounts;
    }

    private DesiredAccount account(AccessFile.AccountEntry entry) {
        Map<HostPattern, Optional<Instant>> hostEnds = new HashMap<>();
        Map<Grant, Optional<Instant>> grantEnds = new HashMap<>();
        return new DesiredAccount(
                new UserName(entry.name()),
                entry.authPlugin() == null
                        ? AuthPlugin.CACHING_SHA2_PASSWORD
                        : GrantCommand.plugin(entry.authPlugin()).orElseThrow(),
                password(entry.password()),
                status(entry.status()),
                Boolean.TRUE.equals(entry.requireTls()),
                entry.maxConnections() == null ? OptionalInt.empty() : OptionalInt.of(entry.maxConnections()),
                auditLevel(entry.auditLevel()),
                hosts(entry.hosts(), hostEnds),
                grants(entry.grants(), grantEnds),
                new Expiries(limited(hostEnds), limited(grantEnds), Set.of(), Set.of()),
                roleNames(entry.roles()));
    }

    /**
     * An entry's {@code expires}: an ISO-8601 instant with its offset ({@code 2026-12-31T18:00:00Z},
     * {@code 2026-12-31T19:00+01:00}), to the millisecond the catalog keeps; empty when absent.
     */
    private static Optional<Instant> expires(String text, String entry) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    entry + ": expires must be an ISO-8601 time with its offset, e.g." + " 2026-12-31T18:00:00Z, not '"
                            + text + "'",
                    e);
        }
    }

    /** Records when {@code entry} ends; an entry listed twice must end at the same time both times. */
    private static <T> void end(Map<T, Optional<Instant>> ends, T entry, Optional<Instant> end, String what) {
        Optional<Instant> before = ends.putIfAbsent(entry, end);
        if (before != null && !before.equals(end)) {
            throw new IllegalArgumentException(what + " is listed twice, with different expires");
        }
    }

    /** The time-limited ones of {@code ends}. */
    private static <T> Map<T, Instant> limited(Map<T, Optional<Instant>> ends) {
        Map<T, Instant> limited = new HashMap<>();
        ends.forEach((entry, end) -> end.ifPresent(e -> limited.put(entry, e)));
        return limited;
    }

    /** The roles the file defines, checked. */
    List<DesiredRole> roles(AccessFile file) {
        if (file.roles() == null) {
            return List.of();
        }
        List<DesiredRole> roles = new ArrayList<>();
        for (AccessFile.RoleEntry entry : file.roles()) {
            if (entry == null || entry.name() == null) {
                throw new IllegalArgumentException("a role of the access file has no name");
            }
            try {
                Map<Grant, Optional<Instant>> ends = new HashMap<>();
                Set<Grant> grants = grants(entry.grants(), ends);
                if (!limited(ends).isEmpty()) {
                    throw new IllegalArgumentException(
                            "a role's grants cannot expire: give the expires to a" + " member's own grant instead");
                }
                roles.add(new DesiredRole(new RoleName(entry.name()), grants));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "role '" + entry.name() + "' of the access file: " + e.getMessage(), e);
            }
        }
        return roles;
    }

    private static Set<RoleName> roleNames(List<String> names) {
        if (names == null) {
            return Set.of();
        }
        Set<RoleName> roles = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                throw new IllegalArgumentException("an entry of roles is empty");
            }
            if (!roles.add(new RoleName(name))) {
                throw new IllegalArgumentException("role '" + name + "' is named twice");
            }
        }
        return roles;
    }

    private Optional<Secret> password(JsonNode reference) {
        if (reference == null
                || reference.isNull()
                || (reference.isTextual() && reference.asText().equals(KEEP))) {
            return Optional.empty();
        }
        if (reference.isObject() && reference.size() == 1) {
            JsonNode env = reference.get("env");
            JsonNode file = reference.get("file");
            if (env != null && env.isTextual()) {
                String value = environment.get(env.asText());
                if (value == null || value.isEmpty()) {
                    throw new IllegalArgumentException(
                            "password: the environment variable " + env.asText() + " is not set");
                }
                return Optional.of(new Secret(value));
            }
            if (file != null && file.isTextual()) {
                return Optional.of(fromFile(folder.resolve(file.asText())));
            }
        }
        throw new IllegalArgumentException(
                "password must be keep, {env: VAR} or {file: PATH}, not " + reference + " (never the password itself)");
    }

    private static Secret fromFile(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("password: no file " + path);
        }
        try {
            PrivateFile.check(path, "password file");
        } catch (IOException e) {
            throw new IllegalArgumentException("password: " + e.getMessage(), e);
        }
        String line;
        try {
            line = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("password: cannot read " + path + ": " + e.getMessage(), e);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException("password: the first line of " + path + " is empty");
        }
        return new Secret(line);
    }

    private static AccountStatus status(String status) {
        if (status == null || status.equals(UNLOCKED)) {
            return AccountStatus.ACTIVE;
        }
        if (status.equals(LOCKED)) {
            return AccountStatus.LOCKED;
        }
        throw new IllegalArgumentException("status must be locked or unlocked, not '" + status + "'");
    }

    private static Optional<AuditLevel> auditLevel(String level) {
        if (level == null || level.equals(DEFAULT_LEVEL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuditLevel.parse(level));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "auditLevel must be off, logins, statements or default, not '" + level + "'", e);
        }
    }

    private static List<HostPattern> hosts(
            List<AccessFile.HostEntry> entries, Map<HostPattern, Optional<Instant>> ends) {
        if (entries == null) {
            return List.of();
        }
        List<HostPattern> hosts = new ArrayList<>();
        for (AccessFile.HostEntry entry : entries) {
            if (entry == null || entry.pattern() == null) {
                throw new IllegalArgumentException("a host entry has no pattern");
            }
            HostPattern host = HostPattern.parse(entry.pattern());
            String what = "host pattern '" + entry.pattern() + "'";
            end(ends, host, expires(entry.expires(), what), what);
            hosts.add(host);
        }
        return hosts;
    }

    /** Dangerous grants are read as they are; whether they may be added is the planner's decision. */
    private static Set<Grant> grants(List<AccessFile.GrantEntry> entries, Map<Grant, Optional<Instant>> ends) {
        if (entries == null) {
            return Set.of();
        }
        Set<Grant> grants = new LinkedHashSet<>();
        for (AccessFile.GrantEntry entry : entries) {
            if (entry == null || entry.scope() == null) {
                throw new IllegalArgumentException("a grant entry has no scope");
            }
            if (entry.privileges() == null || entry.privileges().isEmpty()) {
                throw new IllegalArgumentException("the grant on " + entry.scope() + " lists no privileges");
            }
            GrantScope scope = GrantScope.parse(entry.scope());
            Optional<Instant> end = expires(entry.expires(), "the grant on " + entry.scope());
            for (String privilege : entry.privileges()) {
                if (privilege == null) {
                    throw new IllegalArgumentException("the grant on " + entry.scope() + " has an empty privilege");
                }
                Grant grant = new Grant(Privilege.parse(privilege, PrivilegePolicy.ALLOW_DANGEROUS), scope);
                end(ends, grant, end, grant.toString());
                grants.add(grant);
            }
        }
        return grants;
    }
}
