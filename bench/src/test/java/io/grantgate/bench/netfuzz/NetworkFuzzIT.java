package io.grantgate.bench.netfuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.edge.GatewayFixture;
import io.grantgate.testing.ServerLogin;
import io.grantgate.testing.TestBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The network fuzzer's short round in every build: 2 000 mutated sessions of the committed corpus
 * (fixed seed) against a whole gateway on the test server, 8 at once, with the probe. The gateway
 * must end with no finding: up, serving the probe throughout, no session hung, no backend connection
 * borrowed, no client connection open, heap and threads as after the warm-up, no ERROR logged.
 * bench/netfuzz.sh runs the same for as many sessions as asked, against bin/grantgate.
 */
class NetworkFuzzIT {

    private static final int SESSIONS = 2_000;
    private static final long SEED = 20_261_203L;
    private static final int CONCURRENCY = 8;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(20);
    private static final long MAX_HEAP_GROWTH = 16 * Vitals.MIB;
    private static final int MAX_THREAD_GROWTH = 8;
    private static final Path CORPUS = Path.of("netfuzz", "corpus");

    @Test
    void mutatedSessionsLeaveTheGatewayServingWithNothingLeaked() throws Exception {
        String fuzzPassword = "fuzz-pw-" + SEED;
        String probePassword = "probe-pw-" + SEED;
        createSchema();
        // the fixture already turns the lock-out and the host block off, as bench/netfuzz.sh does
        try (GatewayFixture gateway = new GatewayFixture(Duration.ofSeconds(1), HANDSHAKE_TIMEOUT, Map.of());
                InProcessVitals vitals = new InProcessVitals(gateway.runtime)) {
            gateway.grantNative(
                    "fuzz",
                    fuzzPassword,
                    "%",
                    "SELECT,INSERT,UPDATE,DELETE,CREATE,DROP",
                    ClientScenarios.SCHEMA + ".*");
            gateway.grantNative("probe", probePassword, "%", "SELECT", ClientScenarios.SCHEMA + ".*");
            List<SessionRecording> corpus = SessionRecording.readAll(CORPUS);
            NetworkFuzzer fuzzer = new NetworkFuzzer(
                    corpus,
                    new InetSocketAddress("127.0.0.1", gateway.runtime.port()),
                    fuzzPassword,
                    new Endpoint("127.0.0.1", gateway.runtime.port(), "probe", probePassword, null),
                    vitals,
                    new FuzzSettings(
                            SESSIONS,
                            SEED,
                            CONCURRENCY,
                            CLOSE_LIMIT,
                            HANDSHAKE_TIMEOUT,
                            MAX_HEAP_GROWTH,
                            MAX_THREAD_GROWTH),
                    System.out);

            FuzzReport report = fuzzer.run();
            report.print(System.out);

            assertThat(report.findings()).as("findings").isEmpty();
            assertThat(report.sessions()).isEqualTo(SESSIONS);
            assertThat(report.loggedIn())
                    .as("sessions that logged in for real and reached the command decoders")
                    .isGreaterThan(SESSIONS / 2);
            assertThat(report.probes()).as("probe cycles").isPositive();
        }
    }

    /** The schema and table the recordings use, as bench/netfuzz.sh creates them. */
    private static void createSchema() throws Exception {
        ServerLogin login = TestBackend.get().login();
        try (Connection c = DriverManager.getConnection(login.jdbcUrl(""), login.user(), login.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + ClientScenarios.SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + ClientScenarios.SCHEMA
                    + ".t (id INT PRIMARY KEY, name VARCHAR(64), data BLOB, amount DECIMAL(10,2), at DATETIME)");
        }
    }
}
