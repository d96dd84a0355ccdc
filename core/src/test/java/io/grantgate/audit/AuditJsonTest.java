package io.grantgate.audit;

import static io.grantgate.audit.AuditEvents.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditJson json = new AuditJson(KEY);

    private String line(AuditEvent event) {
        return new String(json.line(event, 7, AuditKey.firstPreviousMac()), UTF_8);
    }

    /** The line without its mac field and newline. */
    private static String signed(String line) {
        return line.substring(0, line.length() - 1 - AuditJson.MAC_SUFFIX_BYTES);
    }

    @Test
    void loginInFieldOrderWithoutEmptyOptionals() {
        String line = line(AuditEvents.login(42));

        assertThat(signed(line))
                .isEqualTo("{\"v\":1,\"seq\":7,\"time\":1790000000000042,\"type\":\"login\",\"instance\":\"gw-1\","
                        + "\"connection_id\":42,\"user\":\"alice\",\"client_address\":\"10.0.0.7\",\"client_port\":50123,"
                        + "\"tls_version\":\"TLSv1.3\",\"tls_cipher\":\"TLS_AES_256_GCM_SHA384\","
                        + "\"auth_plugin\":\"caching_sha2_password\",\"host_pattern\":\"10.0.0.%\",\"outcome\":\"ok\"");
        assertThat(line).endsWith("\"}\n").contains(",\"mac\":\"");
    }

    @Test
    void macChainsOnThePreviousMacOverTheLineWithoutItsMacField() {
        byte[] previous = new byte[32];
        Arrays.fill(previous, (byte) 9);

        String line = new String(json.line(AuditEvents.login(1), 3, previous), UTF_8);

        byte[] expected = KEY.mac(previous, signed(line).getBytes(UTF_8));
        assertThat(line).endsWith(",\"mac\":\"" + HexFormat.of().formatHex(expected) + "\"}\n");
        assertThat(json.line(AuditEvents.login(1), 3, AuditKey.firstPreviousMac()))
                .as("another previous MAC, another MAC")
                .isNotEqualTo(line.getBytes(UTF_8));
    }

    @Test
    void everyTypeIsOneValidJsonObjectOnOneLine() throws Exception {
        AuditEvent.Outcome error = new AuditEvent.Outcome("error", 0, 0, 1, 1064, "42000");
        List<AuditEvent> events = List.of(
                AuditEvents.login(1),
                new AuditEvent.SessionEnd(1, "gw", 2, "bob", "::1", 5_000_000, 12, 3400, 88000, "quit"),
                AuditEvents.query(3, 4, "select 'a\"b\n\tc' -- é 😀 \u0001"),
                new AuditEvent.StatementResult(1, "gw", 4, "bob", 5, error, 33),
                new AuditEvent.Kill(1, "gw", 5, "bob", 77, true, "denied"),
                new AuditEvent.SessionClosed(1, "gw", 6, "bob", "revoked"));

        for (AuditEvent event : events) {
            String line = line(event);
            assertThat(line.indexOf('\n')).as(line).isEqualTo(line.length() - 1);
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("type").asText()).isEqualTo(event.type());
            assertThat(node.get("connection_id").asLong()).isEqualTo(event.connectionId());
        }
        JsonNode statement = JSON.readTree(line(events.get(2)));
        assertThat(statement.get("text").asText()).isEqualTo("select 'a\"b\n\tc' -- é 😀 \u0001");
        assertThat(statement.get("outcome").toString())
                .isEqualTo("{\"status\":\"ok\",\"affected_rows\":1,\"rows\":0,\"results\":1}");
        assertThat(statement.has("parameters")).as("no parameters, no field").isFalse();
        assertThat(JSON.readTree(line(events.get(3))).get("outcome").toString())
                .isEqualTo("{\"status\":\"error\",\"affected_rows\":0,\"rows\":0,\"results\":1,"
                        + "\"error_code\":1064,\"sql_state\":\"42000\"}");
        assertThat(JSON.readTree(line(events.get(4))).get("query_only").asBoolean())
                .isTrue();
    }

    @Test
    void parametersByKind() throws Exception {
        AuditEvent.Statement execute = new AuditEvent.Statement(
                1,
                "gw",
                3,
                "bob",
                9,
                "execute",
                Optional.empty(),
                0,
                12,
                List.of(
                        new AuditValue("LONGLONG", AuditValue.Kind.NUMBER, Optional.of("42"), 8, Optional.empty()),
                        new AuditValue("VAR_STRING", AuditValue.Kind.TEXT, Optional.of("abc"), 3, Optional.empty()),
                        new AuditValue("BLOB", AuditValue.Kind.BASE64, Optional.of("AAE="), 2, Optional.empty()),
                        new AuditValue("LONGLONG", AuditValue.Kind.NULL, Optional.empty(), 0, Optional.empty()),
                        new AuditValue(
                                "VAR_STRING", AuditValue.Kind.TEXT, Optional.of("xy"), 70000, Optional.of("ab12")),
                        new AuditValue("DOUBLE", AuditValue.Kind.NUMBER, Optional.of("NaN"), 8, Optional.empty())),
                Optional.empty(),
                Optional.empty(),
                0);

        String line = line(execute);

        assertThat(line)
                .contains("\"statement_id\":12,\"parameters\":["
                        + "{\"type\":\"LONGLONG\",\"value\":42},"
                        + "{\"type\":\"VAR_STRING\",\"value\":\"abc\"},"
                        + "{\"type\":\"BLOB\",\"base64\":\"AAE=\"},"
                        + "{\"type\":\"LONGLONG\",\"value\":null},"
                        + "{\"type\":\"VAR_STRING\",\"value\":\"xy\",\"length\":70000,\"sha256\":\"ab12\"},"
                        + "{\"type\":\"DOUBLE\",\"value\":\"NaN\"}],\"duration_micros\":0,")
                .doesNotContain("\"text\"")
                .doesNotContain("\"outcome\"");
        JSON.readTree(line);
    }

    @Test
    void bulkExecuteAsRowsWithTheirCount() throws Exception {
        AuditValue one = new AuditValue("LONG", AuditValue.Kind.NUMBER, Optional.of("1"), 4, Optional.empty());
        AuditValue text = new AuditValue("VAR_STRING", AuditValue.Kind.TEXT, Optional.of("a"), 1, Optional.empty());
        AuditValue absent = new AuditValue("LONG", AuditValue.Kind.DEFAULT, Optional.empty(), 0, Optional.empty());
        AuditValue ignored =
                new AuditValue("VAR_STRING", AuditValue.Kind.IGNORE, Optional.empty(), 0, Optional.empty());
        AuditEvent.Statement bulk = new AuditEvent.Statement(
                1,
                "gw",
                3,
                "bob",
                9,
                "bulk_execute",
                Optional.empty(),
                0,
                12,
                List.of(),
                Optional.of(new BulkRows(List.of(List.of(one, text), List.of(absent, ignored)), 10_000)),
                Optional.empty(),
                0);

        String line = line(bulk);

        assertThat(line)
                .contains("\"statement_id\":12,\"parameter_rows\":["
                        + "[{\"type\":\"LONG\",\"value\":1},{\"type\":\"VAR_STRING\",\"value\":\"a\"}],"
                        + "[{\"type\":\"LONG\",\"indicator\":\"default\"},{\"type\":\"VAR_STRING\",\"indicator\":\"ignore\"}]],"
                        + "\"bulk_rows\":10000,\"duration_micros\":0,")
                .doesNotContain("\"parameters\"");
        JSON.readTree(line);
    }

    @Test
    void loneSurrogateStillMakesValidJson() throws Exception {
        String line = line(AuditEvents.query(1, 1, "bad \uD800 half"));

        assertThat(JSON.readTree(line).get("text").asText()).startsWith("bad ");
    }

    @Test
    void macSuffixIsFixedLength() {
        assertThat(AuditJson.MAC_SUFFIX_BYTES).isEqualTo(",\"mac\":\"\"}".length() + 64);
    }
}
