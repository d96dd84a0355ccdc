package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code admin audit} on rows written straight into {@code audit_event}. Each filter is checked for
 * the exact events it keeps, which all differ from the whole trail: a filter that were ignored fails.
 */
class AuditCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AdminFixture fixture;
    /** The row ids of the events, by the names the tests use. */
    private static final Map<Long, String> NAMES = new HashMap<>();

    /** Every event, newest first. */
    private static final List<String> ALL = List.of(
            "alice-end",
            "alice-login",
            "bob-closed",
            "carol-v6",
            "alice-locked",
            "bob-kill",
            "dave-10.2",
            "alice-denied",
            "mallory-unknown",
            "evil-name");

    @BeforeAll
    static void trail() throws Exception {
        fixture = new AdminFixture("auditquery");
        // minutes ago, type, outcome, reason, instance, actor, user, address, port, connection, detail
        event("alice-end", 1, "session_end", "ok", "quit", "gw-a", null, "alice", "127.0.0.2", 50001, 11L, null);
        event(
                "alice-login",
                5,
                "login",
                "ok",
                null,
                "gw-a",
                null,
                "alice",
                "127.0.0.2",
                50001,
                11L,
                "{\"tls_version\":\"TLSv1.3\",\"host_pattern\":\"%\"}");
        // the same address as alice-denied, in another text form
        event(
                "bob-closed",
                10,
                "session_closed",
                "ok",
                "revoked",
                "gw-b",
                null,
                "bob",
                "0:0:0:0:0:0:0:1",
                40000,
                14L,
                null);
        event("carol-v6", 20, "login", "ok", null, "gw-a", null, "carol", "2001:db8::5", 40001, 15L, null);
        event(
                "alice-locked",
                30,
                "admin_change",
                "ok",
                "lock",
                null,
                "admin:root",
                "alice",
                null,
                null,
                null,
                "{\"summary\":[\"account 'alice' locked\"],\"backend\":[]}");
        event("bob-kill", 40, "kill", "denied", null, "gw-b", null, "bob", "10.1.3.9", 40002, 16L, null);
        event("dave-10.2", 50, "login", "ok", null, "gw-b", null, "dave", "10.2.0.1", 40003, 17L, null);
        event("alice-denied", 120, "login", "denied", "bad_password", "gw-a", null, "alice", "::1", 40004, 12L, null);
        event(
                "mallory-unknown",
                3 * 24 * 60,
                "login",
                "denied",
                "unknown_user",
                "gw-b",
                null,
                "mallory",
                "10.1.2.3",
                40005,
                13L,
                null);
        event(
                "evil-name",
                4 * 24 * 60,
                "login",
                "denied",
                "unknown_user",
                "gw-b",
                null,
                "evil\n\u001B[2J",
                "10.9.9.9",
                40006,
                18L,
                "not json");
    }

    @Test
    void withoutFiltersEveryEventNewestFirst() throws Exception {
        assertThat(names("audit")).containsExactlyElementsOf(ALL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--user alice                                 | alice-end alice-login alice-locked alice-denied",
                "--type login                                 | alice-login carol-v6 dave-10.2 alice-denied mallory-unknown evil-name",
                "--type session                               | alice-end bob-closed",
                "--type admin                                 | alice-locked",
                "--type kill                                  | bob-kill",
                "--outcome denied                             | bob-kill alice-denied mallory-unknown evil-name",
                "--outcome ok --type login                    | alice-login carol-v6 dave-10.2",
                "--user alice --type login --outcome denied   | alice-denied",
                "--instance gw-b                              | bob-closed bob-kill dave-10.2 mallory-unknown evil-name",
                "--since 1h                                   | alice-end alice-login bob-closed carol-v6 alice-locked bob-kill dave-10.2",
                "--since 15m                                  | alice-end alice-login bob-closed",
                "--since 15m --until 3m                       | alice-login bob-closed",
                "--since 2d --until 1h                        | alice-denied",
                "--limit 2                                    | alice-end alice-login",
                "--limit 3 --outcome denied                   | bob-kill alice-denied mallory-unknown",
                "--client-address 127.0.0.2                   | alice-end alice-login",
                "--client-address 127.0.0.0/8                 | alice-end alice-login",
                "--client-address ::1                         | bob-closed alice-denied",
                "--client-address 0:0::1                      | bob-closed alice-denied",
                "--client-address 10.0.0.0/8                  | bob-kill dave-10.2 mallory-unknown evil-name",
                "--client-address 10.1.2.0/23                 | bob-kill mallory-unknown",
                "--client-address 10.1.2.3                    | mallory-unknown",
                "--client-address 10.0.0.0/255.254.0.0        | bob-kill mallory-unknown",
                "--client-address 0.0.0.0/0                   | alice-end alice-login bob-kill dave-10.2 mallory-unknown evil-name",
                "--client-address 2001:db8::/32               | carol-v6",
                "--client-address ::/0                        | bob-closed carol-v6 alice-denied",
                "--client-address 10.0.0.0/8 --limit 2        | bob-kill dave-10.2",
                "--client-address ::1 --user bob              | bob-closed",
                "--type statement                             | \"\"",
                "--user nobody                                | \"\""
            })
    void eachFilterKeepsExactlyItsEvents(String filters, String expected) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit"));
        args.addAll(List.of(filters.split(" +")));
        List<String> names = names(args.toArray(String[]::new));
        assertThat(names)
                .as(filters)
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
        assertThat(names).as("the filter must matter").isNotEqualTo(ALL);
    }

    @Test
    void isoTimesWithZOrAnOffsetOrNoneAreTheSameInstant() throws Exception {
        Instant cut = Instant.now().minus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime utc = LocalDateTime.ofInstant(cut, ZoneOffset.UTC);
        String withZ = cut.toString();
        String withOffset = utc.atOffset(ZoneOffset.UTC)
                .withOffsetSameInstant(ZoneOffset.ofHours(2))
                .toString();
        String withoutOffset = utc.toString();
        List<String> lastHourAndAHalf =
                List.of("alice-end", "alice-login", "bob-closed", "carol-v6", "alice-locked", "bob-kill", "dave-10.2");

        assertThat(names("audit", "--since", withZ)).containsExactlyElementsOf(lastHourAndAHalf);
        assertThat(names("audit", "--since", withOffset)).containsExactlyElementsOf(lastHourAndAHalf);
        assertThat(names("audit", "--since", withoutOffset)).containsExactlyElementsOf(lastHourAndAHalf);
        assertThat(names("audit", "--until", withZ)).containsExactly("alice-denied", "mallory-unknown", "evil-name");
        assertThat(names("audit", "--since", "1971-01-01", "--until", "2999-12-31T00:00:00Z"))
                .containsExactlyElementsOf(ALL);
    }

    @Test
    void jsonIsAnArrayOfObjectsWithEveryColumnAndDetailAsJson() throws Exception {
        JsonNode all = json("audit", "-o", "json");
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(ALL.size());
        for (JsonNode event : all) {
            List<String> columns = new ArrayList<>();
            event.fieldNames().forEachRemaining(columns::add);
            assertThat(columns)
                    .containsExactly(
                            "id",
                            "occurred_at",
                            "event_type",
                            "outcome",
                            "reason",
                            "instance_id",
                            "actor",
                            "user_name",
                            "client_address",
                            "client_port",
                            "connection_id",
                            "detail");
        }

        JsonNode login = json("audit", "--user", "alice", "--type", "login", "--outcome", "ok", "--output", "json")
                .get(0);
        assertThat(login.get("event_type").asText()).isEqualTo("login");
        assertThat(login.get("client_address").asText()).isEqualTo("127.0.0.2");
        assertThat(login.get("client_port").isInt()).isTrue();
        assertThat(login.get("client_port").asInt()).isEqualTo(50001);
        assertThat(login.get("connection_id").asLong()).isEqualTo(11);
        assertThat(login.get("instance_id").asText()).isEqualTo("gw-a");
        assertThat(login.get("reason").isNull()).isTrue();
        assertThat(login.get("detail").isObject()).isTrue();
        assertThat(login.get("detail").get("tls_version").asText()).isEqualTo("TLSv1.3");
        assertThat(Instant.parse(login.get("occurred_at").asText()))
                .isCloseTo(Instant.now().minus(Duration.ofMinutes(5)), within(1, ChronoUnit.MINUTES));

        JsonNode locked = json("audit", "--type", "admin", "-o", "json").get(0);
        assertThat(locked.get("actor").asText()).isEqualTo("admin:root");
        assertThat(locked.get("client_address").isNull()).isTrue();
        assertThat(locked.get("detail").get("summary").get(0).asText()).isEqualTo("account 'alice' locked");

        JsonNode evil = json("audit", "--user", "evil\n\u001B[2J", "-o", "json").get(0);
        assertThat(evil.get("user_name").asText()).isEqualTo("evil\n\u001B[2J");
        assertThat(evil.get("detail").asText())
                .as("text that is not JSON stays text")
                .isEqualTo("not json");

        assertThat(json("audit", "--user", "nobody", "-o", "json")).isEmpty();
    }

    @Test
    void theTableShowsTheNewestFirstWithClientsAndMakesUntrustedTextVisible() {
        CliRun run = fixture.admin("audit", "--limit", "3").expect(0);
        List<String> lines = run.out().lines().toList();

        assertThat(lines.getFirst())
                .containsPattern(
                        "TIME \\(UTC\\)\\s+TYPE\\s+OUTCOME\\s+REASON\\s+USER\\s+CLIENT\\s+INSTANCE\\s+CONN\\s+ACTOR");
        assertThat(lines.get(1))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+session_end\\s+ok\\s+quit\\s+alice\\s+127\\.0\\.0\\.2:50001\\s+gw-a\\s+11\\s+-");
        assertThat(lines.get(3)).contains("session_closed").contains("[0:0:0:0:0:0:0:1]:40000");
        assertThat(lines).hasSize(5);
        assertThat(lines.getLast()).isEqualTo("(the newest 3 shown; --limit N shows more)");

        String evil = fixture.admin(
                        "audit",
                        "--type",
                        "login",
                        "--outcome",
                        "denied",
                        "--instance",
                        "gw-b",
                        "--client-address",
                        "10.9.0.0/16")
                .expect(0)
                .out();
        assertThat(evil)
                .contains("evil\\u000A\\u001B[2J")
                .doesNotContain("\u001B")
                .hasLineCount(2);

        assertThat(fixture.admin("audit", "--user", "nobody").expect(0).out().strip())
                .isEqualTo("no audit events match");
        assertThat(fixture.admin("audit", "--type", "statement").expect(0).out())
                .contains("statements are recorded in the gateways' audit files, not in the catalog");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--since yesterday          | 'yesterday' is neither a time ago",
                "--since 5x                 | '5x' is neither a time ago",
                "--until 2025-13-01         | '2025-13-01' is neither a time ago",
                "--since 1h --until 2h      | --since must be before --until",
                "--client-address 10.0.0.1/8 | did you mean '10.0.0.0/8'",
                "--client-address 10.0.0.0/33 | is not an IP address or a network",
                "--client-address example.com | is not an IP address or a network",
                "--client-address 10.0.0.%  | it is a host pattern, not an address",
                "--client-address 1::2::3   | is not an IP address or a network",
                "--limit 0                  | --limit must be at least 1",
                "--limit many               | --limit",
                "--type logins              | --type",
                "--outcome maybe            | --outcome",
                "--frobnicate               | Unknown option"
            })
    void badFiltersAreUsageErrors(String args, String message) {
        List<String> command = new ArrayList<>(List.of("audit"));
        command.addAll(List.of(args.strip().split(" +")));
        CliRun run = fixture.admin(command.toArray(String[]::new)).expect(2);
        assertThat(run.err()).contains(message).contains("Try 'admin audit --help'");
    }

    @Test
    void helpNamesEveryFilter() {
        assertThat(fixture.admin("audit", "--help").expect(0).out())
                .contains("--user", "--type", "--outcome", "--since", "--until", "--client-address", "--instance")
                .contains("--limit", "default 100", "--output");
    }

    private static List<String> names(String... args) throws Exception {
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.addAll(List.of("-o", "json"));
        List<String> names = new ArrayList<>();
        for (JsonNode event : json(withJson.toArray(String[]::new))) {
            names.add(NAMES.get(event.get("id").asLong()));
        }
        return names;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(fixture.admin(args).expect(0).out());
    }

    private static void event(
            String name,
            long minutesAgo,
            String type,
            String outcome,
            String reason,
            String instance,
            String actor,
            String user,
            String address,
            Integer port,
            Long connection,
            String detail)
            throws Exception {
        try (Connection c = fixture.backend.connect(fixture.schema);
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO audit_event (occurred_at, event_type, outcome, reason, instance_id, actor,"
                                + " user_name, client_address, client_port, connection_id, detail)"
                                + " VALUES (CURRENT_TIMESTAMP(6) - INTERVAL ? MINUTE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, minutesAgo);
            s.setString(2, type);
            s.setString(3, outcome);
            s.setString(4, reason);
            s.setString(5, instance);
            s.setString(6, actor);
            s.setString(7, user);
            s.setString(8, address);
            s.setObject(9, port);
            s.setObject(10, connection);
            s.setString(11, detail);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                NAMES.put(keys.getLong(1), name);
            }
        }
    }
}
