package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.testing.ClientTools;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.ToolRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node mysql2 driver (from npm, {@value #MYSQL2} pinned) through the gateway, set against the
 * same driver direct to the backend: a script ({@code NodeMysql2IT/probe.js}) prints what the driver
 * sees, one line per check (JSON, UUID and INET6 columns, which mysql2 parses only with MariaDB's
 * extended metadata; {@code execute()} with parameters of several types including NULL, dates and a
 * BLOB; multi-statements; {@code changeUser}; query errors with code and SQLSTATE; a 1 MB value and
 * 1 MB of rows; ping; a session KILLed idle and mid-query; a closed connection), and each run through
 * the gateway must print what the direct run printed. Plain sessions are relayed by a loop,
 * compressed ones ({@code compress: true}) on their own threads; TLS ({@code ssl}) goes to the
 * gateway only, as the test backend has none, and is set against the direct run without it.
 *
 * <p>Direct and through the gateway, the accounts have the same names and privileges on schemas of
 * their own; the script masks the schema's name and an account's host in error messages (the host
 * is the client's address through the gateway: docs/compatibility.md).
 *
 * <p>npm installs the driver once into {@code target/node-mysql2}, kept between runs.
 */
@ClientTools.Requires({ClientTools.Tool.NODE, ClientTools.Tool.NPM})
class NodeMysql2IT {

    static final String MYSQL2 = "3.24.6";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    private static Path node;
    private static Path script;
    private static GatewayFixture gateway;
    private static final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        node = ClientTools.require(ClientTools.Tool.NODE);
        Path npm = ClientTools.require(ClientTools.Tool.NPM);
        Path modules = Path.of("target", "node-mysql2").toAbsolutePath();
        installDriver(npm, modules);
        // node finds mysql2 in node_modules beside the script
        script = modules.resolve("probe.js");
        try (InputStream in = NodeMysql2IT.class.getResourceAsStream("NodeMysql2IT/probe.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        gateway = new GatewayFixture(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** {@code npm install} of the pinned driver, unless an earlier run left it there. */
    private static void installDriver(Path npm, Path modules) throws Exception {
        Path installed = modules.resolve("node_modules/mysql2/package.json");
        if (Files.isRegularFile(installed) && Files.readString(installed).contains("\"version\": \"" + MYSQL2 + "\"")) {
            return;
        }
        Files.createDirectories(modules);
        Files.writeString(
                modules.resolve("package.json"), "{\"name\": \"grantgate-node-mysql2-it\", \"private\": true}\n");
        ToolRun install = ToolRun.of(
                List.of(npm.toString(), "install", "--no-audit", "--no-fund", "--no-save", "mysql2@" + MYSQL2),
                modules,
                Duration.ofMinutes(5));
        assertThat(install.exitCode())
                .as("npm install mysql2@" + MYSQL2 + ":\n" + install.output())
                .isZero();
    }

    @Test
    void plainSessionsSeeWhatTheySeeDirect() throws Exception {
        Pair pair = pair();
        String direct = probe(pair.direct(false, false));
        assertComplete(direct);
        String through = probe(pair.gateway(false, false));
        assertThat(comparable(through)).isEqualTo(comparable(direct));
        assertKnownDifferences(direct, through);
        assertThat(line(through, "killed session, events")).isEqualTo(line(direct, "killed session, events"));
    }

    @Test
    void compressedSessionsSeeWhatTheySeeDirect() throws Exception {
        Pair pair = pair();
        String direct = probe(pair.direct(true, false));
        assertComplete(direct);
        String through = probe(pair.gateway(true, false));
        assertThat(through).contains("transport: {\"tls\":false,\"compress\":true}");
        assertThat(comparable(through)).isEqualTo(comparable(direct));
        assertKnownDifferences(direct, through);
        assertThat(line(through, "killed session, events")).isEqualTo(line(direct, "killed session, events"));
    }

    @Test
    void tlsToTheGatewaySeesWhatAPlainDirectSessionSees() throws Exception {
        Pair pair = pair();
        String direct = probe(pair.direct(false, false));
        String through = probe(pair.gateway(false, true));
        assertThat(through).contains("transport: {\"tls\":true,\"compress\":false}");
        assertThat(comparable(through)).isEqualTo(comparable(direct));
        assertKnownDifferences(direct, through);
        // mysql2 listens for 'end' on the socket it had before TLS, which then never reports it
        assertThat(line(through, "killed session, events"))
                .contains("error event")
                .contains("PROTOCOL_CONNECTION_LOST");
    }

    /**
     * A failed COM_CHANGE_USER: the same 1045, and the session goes on as the account it was, on
     * MariaDB as through the gateway (the gateway closed the connection here until issue 12).
     */
    private static void assertKnownDifferences(String direct, String through) {
        assertThat(line(direct, "changeUser with a wrong password"))
                .isEqualTo(line(through, "changeUser with a wrong password"))
                .contains("\"errno\":1045");
        assertThat(line(direct, "after a failed changeUser")).isEqualTo("[{\"one\":1}]");
        assertThat(line(through, "after a failed changeUser")).isEqualTo("[{\"one\":1}]");
    }

    private static void assertComplete(String output) {
        assertThat(output)
                .as("the direct run itself")
                .doesNotContain("FAILED")
                .contains("json by query: {\"value\":[{\"doc\":{\"a\":[1,2,{\"b\":null}]")
                .contains("\"types\":[\"object\"]")
                .contains("ping: ok")
                .contains("\"errno\":1146,\"sqlState\":\"42S02\"")
                .contains("1 MB value: {\"length\":1048576")
                .contains("changeUser: [{\"n\":1");
    }

    /** The value a check printed. */
    private static String line(String output, String check) {
        return Arrays.stream(output.split("\n"))
                .filter(l -> l.startsWith(check + ": "))
                .map(l -> l.substring(check.length() + 2))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + check + "' in:\n" + output));
    }

    /**
     * The output without what may differ: the transport, the lines {@link #assertKnownDifferences}
     * and the tests check on their own, and mysql2's warnings on stderr ("got packets out of order",
     * which it prints for MariaDB's own compressed frames of a large result, not for the gateway's).
     */
    private static String comparable(String output) {
        List<String> apart = List.of("transport: ", "after a failed changeUser: ", "killed session, events: ");
        return Arrays.stream(output.split("\n"))
                .filter(l -> apart.stream().noneMatch(l::startsWith))
                .filter(l -> !l.startsWith("Warning: got packets out of order"))
                .collect(Collectors.joining("\n"));
    }

    private static String probe(Path config) throws Exception {
        ToolRun run = ToolRun.of(List.of(node.toString(), script.toString(), config.toString()), work, RUN_TIMEOUT);
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output();
    }

    /**
     * Two accounts direct (made on the backend) and the same two through the gateway (made by the
     * gateway), each pair on a schema of its own: the first may read and write there, the other
     * only read.
     */
    private static Pair pair() throws Exception {
        int n = runs.incrementAndGet();
        String user = "nm" + n + "_" + gateway.prefix;
        String other = "nr" + n + "_" + gateway.prefix;
        String password = "pw-" + UUID.randomUUID();
        String directSchema = gateway.backend.newSchema("nmd");
        String gatewaySchema = gateway.backend.newSchema("nmg");
        String writes = "SELECT,INSERT,UPDATE,DELETE,CREATE,DROP";
        try (Connection c = gateway.backend.connect("");
                Statement s = c.createStatement()) {
            for (String name : List.of(user, other)) {
                s.execute("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
            }
            s.execute("GRANT " + writes + " ON `" + directSchema + "`.* TO '" + user + "'@'%'");
            s.execute("GRANT SELECT ON `" + directSchema + "`.* TO '" + other + "'@'%'");
        }
        gateway.grantNative(user, password, "127.0.0.1", writes, gatewaySchema + ".*");
        gateway.grantNative(other, password, "127.0.0.1", "SELECT", gatewaySchema + ".*");
        return new Pair(user, other, password, directSchema, gatewaySchema);
    }

    private record Pair(String user, String other, String password, String directSchema, String gatewaySchema) {

        Path direct(boolean compress, boolean tls) throws IOException {
            ServerLogin login = gateway.backend.login();
            return config(login.host(), login.port(), directSchema, compress, tls);
        }

        Path gateway(boolean compress, boolean tls) throws IOException {
            return config("127.0.0.1", NodeMysql2IT.gateway.runtime.port(), gatewaySchema, compress, tls);
        }

        /** The script's settings, passwords included: a file of mode 0600, not the command line. */
        private Path config(String host, int port, String schema, boolean compress, boolean tls) throws IOException {
            String json = "{\"host\": \"" + host + "\", \"port\": " + port + ", \"user\": \"" + user
                    + "\", \"password\": \"" + password + "\", \"database\": \"" + schema
                    + "\", \"other\": {\"user\": \""
                    + other + "\", \"password\": \"" + password + "\"}, \"compress\": " + compress + ", \"tls\": "
                    + tls + "}";
            return ToolRun.writePrivate(Files.createTempDirectory(work, "probe").resolve("config.json"), json);
        }
    }
}
