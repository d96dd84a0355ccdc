package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.account.BackendLogin;
import io.grantgate.auth.AuthPlugin;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.provision.BackendGrants;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code admin user create|lock|unlock|password|list|show|drop} on the real test server. */
class UserLifecycleIT {

    private static AdminFixture fixture;

    @BeforeAll
    static void catalog() {
        fixture = new AdminFixture("users");
    }

    @Test
    void anAccountFromCreationToDrop() throws Exception {
        String name = "life_" + fixture.prefix;

        CliRun created = fixture.adminWithInput(
                        "first-pass\n",
                        "user",
                        "create",
                        name,
                        "--host",
                        "127.0.0.1",
                        "--password-stdin",
                        "--auth-plugin",
                        "mysql_native_password",
                        "--max-connections",
                        "5")
                .expect(0);
        assertThat(created.out()).contains("account '" + name + "' created (mysql_native_password)");
        assertThat(fixture.account(name).orElseThrow().maxConnections().getAsInt())
                .isEqualTo(5);
        assertThat(fixture.admin("user", "create", name, "--generate-password")
                        .expect(1)
                        .err())
                .contains("already exists");

        fixture.admin("user", "lock", name).expect(0);
        BackendLogin login = fixture.backendLogin(name);
        assertThat(fixture.account(name).orElseThrow().status()).isEqualTo(AccountStatus.LOCKED);
        try (Connection admin = fixture.backend.connect("")) {
            assertThat(BackendGrants.isLocked(admin, login)).isTrue();
        }
        assertThat(fixture.admin("user", "lock", name).expect(0).out()).contains("already locked");
        assertThat(fixture.admin("user", "list").expect(0).out())
                .containsPattern(name + "\\s+locked\\s+mysql_native_password\\s+127.0.0.1");

        fixture.admin("user", "unlock", name).expect(0);
        try (Connection admin = fixture.backend.connect("")) {
            assertThat(BackendGrants.isLocked(admin, login)).isFalse();
        }

        fixture.adminWithInput(
                        "second-pass\n",
                        "user",
                        "password",
                        name,
                        "--password-stdin",
                        "--auth-plugin",
                        "caching_sha2_password")
                .expect(0);
        var account = fixture.account(name).orElseThrow();
        assertThat(account.authPlugin()).isEqualTo(AuthPlugin.CACHING_SHA2_PASSWORD);
        assertThat(account.verifier().matches("second-pass")).isTrue();
        assertThat(account.verifier().matches("first-pass")).isFalse();

        CliRun show = fixture.admin("user", "show", name).expect(0);
        assertThat(show.out())
                .contains("status:          active")
                .contains("auth plugin:     caching_sha2_password")
                .contains("max connections: 5")
                .contains("hosts:           127.0.0.1")
                .contains("backend account: '" + login.user());
        assertThat(show.out()).doesNotContain("second-pass").doesNotContain("$A$005$");
        assertThat(show.out()).contains("password:        current");

        // --expire alone keeps the password and marks it expired; a new password clears it
        assertThat(fixture.admin("user", "password", name, "--expire").expect(0).out())
                .contains("password of account '" + name + "' expired");
        assertThat(fixture.account(name).orElseThrow().passwordExpired()).isTrue();
        assertThat(fixture.account(name).orElseThrow().verifier().matches("second-pass"))
                .isTrue();
        assertThat(fixture.admin("user", "show", name).expect(0).out()).contains("password:        expired");
        assertThat(fixture.admin("user", "password", name, "--expire").expect(0).out())
                .contains("already expired");
        assertThat(fixture.admin("user", "password", name).expect(2).err()).contains("--expire");
        fixture.adminWithInput("third-pass\n", "user", "password", name, "--password-stdin")
                .expect(0);
        assertThat(fixture.account(name).orElseThrow().passwordExpired()).isFalse();
        fixture.adminWithInput("fourth-pass\n", "user", "password", name, "--password-stdin", "--expire")
                .expect(0);
        assertThat(fixture.account(name).orElseThrow().passwordExpired()).isTrue();
        assertThat(fixture.account(name).orElseThrow().verifier().matches("fourth-pass"))
                .isTrue();

        CliRun dropped = fixture.admin("user", "drop", name).expect(0);
        assertThat(dropped.out()).contains("account '" + name + "' dropped");
        assertThat(fixture.account(name)).isEmpty();
        assertThat(fixture.backendExists(login)).isFalse();
        assertThat(fixture.admin("user", "show", name).expect(1).err()).contains("no account '" + name + "'");
    }

    @Test
    void commandsOnAMissingAccountSaySo() {
        String ghost = "ghost_" + fixture.prefix;
        for (String[] args : new String[][] {
            {"user", "drop", ghost}, {"user", "lock", ghost}, {"revoke", ghost, "--all"}, {"show-grants", ghost}
        }) {
            assertThat(fixture.admin(args).expect(1).err())
                    .as(String.join(" ", args))
                    .contains("no account '" + ghost + "'");
        }
    }

    @Test
    void aNewAccountNeedsAPasswordAndAHost() {
        String name = "nopass_" + fixture.prefix;
        assertThat(fixture.admin("grant", name, "--host", "%").expect(1).err())
                .contains("creating it needs a password: --password-stdin or --generate-password");
        assertThat(fixture.admin("grant", name, "--generate-password").expect(1).err())
                .contains("creating it needs --host PATTERN");
        assertThat(fixture.adminWithInput("", "grant", name, "--host", "%", "--password-stdin")
                        .expect(1)
                        .err())
                .contains("standard input was empty");
        assertThat(fixture.adminWithInput("\n", "grant", name, "--host", "%", "--password-stdin")
                        .expect(1)
                        .err())
                .contains("an empty password is not allowed");
    }
}
