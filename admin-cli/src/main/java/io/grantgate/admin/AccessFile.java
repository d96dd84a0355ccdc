package io.grantgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The access file of {@code admin export}, {@code diff} and {@code apply}, as it is written and read
 * (YAML or JSON, schema in {@code docs/access-file.schema.json}). No secret is ever in it: a
 * password is a reference. Host patterns and grants are entries (objects, not bare strings), so
 * that an entry can later carry more than its pattern or privileges, e.g. when it expires.
 *
 * @param version the file format's version: {@value #VERSION}
 * @param roles absent when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AccessFile(Integer version, List<RoleEntry> roles, List<AccountEntry> accounts) {

    static final int VERSION = 1;

    /**
     * A role: a named set of grants that the accounts naming it in their {@code roles} have too.
     *
     * @param grants as an account's
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoleEntry(String name, List<GrantEntry> grants) {}

    /**
     * One account. Absent settings have their defaults: {@code caching_sha2_password}, password
     * {@code keep}, {@code unlocked}, no TLS requirement, no connection limit, audit level
     * {@code default}, no host pattern, no grant.
     *
     * @param password {@code keep}, {@code {env: VAR}} or {@code {file: PATH}}, read as JSON so that
     *     {@link AccessFileAccounts} can say what is wrong with any other form
     * @param status {@code locked} or {@code unlocked}
     * @param auditLevel {@code off}, {@code logins}, {@code statements} or {@code default}
     * @param roles the names of its roles, each defined in the file's {@code roles} or the catalog
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountEntry(
            String name,
            String authPlugin,
            JsonNode password,
            String status,
            Boolean requireTls,
            Integer maxConnections,
            String auditLevel,
            List<HostEntry> hosts,
            List<GrantEntry> grants,
            List<String> roles) {}

    /**
     * A host pattern the account may connect from, as {@code admin grant --host} takes it.
     *
     * @param expires when it ends (ISO-8601, e.g. {@code 2026-12-31T18:00:00Z}); absent for never
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HostEntry(String pattern, String expires) {}

    /**
     * Privileges on one scope.
     *
     * @param scope {@code *.*}, {@code db.*} or {@code db.table}, as {@code admin grant --on} takes it
     * @param privileges as {@code admin grant --privileges} takes them, one per item
     * @param expires when they end (ISO-8601, e.g. {@code 2026-12-31T18:00:00Z}); absent for never
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GrantEntry(String scope, List<String> privileges, String expires) {}
}
