package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.CommandType;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.slf4j.LoggerFactory;

/**
 * A backend response the gateway cannot follow to its end leaves it not knowing where the next
 * response starts: the session ends, its backend connection is discarded, and the log says so
 * with the command whose response it was (the client sees only its connection close, the backend
 * an aborted connection, so the log is the one place that tells).
 */
@Timeout(30)
class RelayOutOfStepTest {

    private static final ExchangeFixture PING = RelayFixtures.load("ping");
    static final List<RelayPath> PATHS = List.of(RelayPath.THREAD, RelayPath.LOOP);

    private final Logger commandLog = (Logger) LoggerFactory.getLogger(CommandLoop.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        commandLog.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        commandLog.detachAppender(logged);
    }

    /** A COM_STMT_PREPARE answered with neither COM_STMT_PREPARE_OK nor ERR. */
    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aResponseTheTrackerCannotPlaceEndsTheSessionWithAWarning(RelayPath path) throws Exception {
        byte[] prepare = Wire.frame(0, RelayFixtures.command(CommandType.COM_STMT_PREPARE, 1));
        try (RelayHarness relay = RelayHarness.start(path, PING.capabilities())) {
            playPingThen(relay, prepare, Wire.frame(1, new byte[] {0x05, 0x00}));

            String why = "protocol error: the response to COM_STMT_PREPARE cannot be relayed:"
                    + " expected COM_STMT_PREPARE_OK, got header 5";
            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed(why));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            assertThat(warnings())
                    .containsExactly("closing the session: the backend's response to COM_STMT_PREPARE cannot be"
                            + " relayed (expected COM_STMT_PREPARE_OK, got header 5); its backend connection is"
                            + " discarded");
        }
    }

    /** A loop reads what the backend sends as it comes: bytes past a response's end show at once. */
    @Test
    void bytesPastTheEndOfAResponseEndTheLoopedSessionWithAWarning() throws Exception {
        byte[] ping = Wire.frame(0, RelayFixtures.command(CommandType.COM_PING, 2));
        byte[] ok = PING.frames().getFirst().bytes();
        byte[] okAndMore = new byte[ok.length * 2];
        System.arraycopy(ok, 0, okAndMore, 0, ok.length);
        System.arraycopy(ok, 0, okAndMore, ok.length, ok.length);
        try (RelayHarness relay = RelayHarness.start(RelayPath.LOOP, PING.capabilities())) {
            playPingThen(relay, ping, okAndMore);

            assertThat(relay.awaitEnding())
                    .isEqualTo(new CommandLoop.Ending.Closed("protocol error: the response to COM_PING cannot be"
                            + " relayed: the backend sent more than the response"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            assertThat(warnings()).singleElement().asString().contains("COM_PING", "more than the response");
        }
    }

    /** One whole exchange, so that the trouble comes in the middle of a session; then the command and what the backend answers. */
    private static void playPingThen(RelayHarness relay, byte[] command, byte[] answer) throws Exception {
        RelayStep first = RelayStep.relayed(PING, 1);
        OutputStream client = relay.client().getOutputStream();
        InputStream backendIn = relay.backend().getInputStream();
        OutputStream backendOut = relay.backend().getOutputStream();
        client.write(first.command());
        Wire.expect(backendIn, first.command(), "the first command");
        backendOut.write(PING.frames().getFirst().bytes());
        Wire.expect(relay.client().getInputStream(), PING.frames().getFirst().bytes(), "the first response");
        client.write(command);
        Wire.expect(backendIn, command, "the command");
        backendOut.write(answer);
        backendOut.flush();
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
