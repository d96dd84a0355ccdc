package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backend that closes a session's connection while the session is idle (a KILL, its idle timeout, a
 * restart) ends the session at once, on the session's thread (through {@link BackendWatch}) as on a
 * relay loop: the client gets the backend's ERR as it came, if it sent one, and nothing else; the
 * backend connection is given back BROKEN. A session that is merely idle keeps going.
 */
@Timeout(30)
class RelayBackendCloseTest {

    private static final ExchangeFixture TEXT = RelayFixtures.load("text-result-eof");
    private static final List<RelayPath> PATHS = List.of(RelayPath.THREAD, RelayPath.LOOP);
    /** The thread path starts watching after the watch delay; the rest is slack for 2 shared cores. */
    private static final Duration PROMPTLY = BackendWatch.IDLE_BEFORE_WATCH.plusMillis(1_500);

    /** What MySQL 8.0.24+ sends at sequence id 0 before it closes a connection idle past wait_timeout. */
    private static final byte[] TIMEOUT_ERR = Wire.frame(
            0,
            new ErrPacket(
                            4031,
                            "HY000",
                            "The client was disconnected by the server because of inactivity. See wait_timeout and"
                                    + " interactive_timeout for configuring this behavior.")
                    .encode(Capabilities.of(CapabilityFlag.CLIENT_PROTOCOL_41)));

    /** Starts a session and relays one whole exchange, so that what follows comes to an idle session. */
    private static RelayHarness idleSession(RelayPath path) throws Exception {
        RelayHarness relay = RelayHarness.start(path, TEXT.capabilities());
        RelayStep first = RelayStep.relayed(TEXT, 1);
        relay.client().getOutputStream().write(first.command());
        Wire.expect(relay.backend().getInputStream(), first.command(), "the first command");
        byte[] response = first.runs().getFirst().bytes();
        relay.backend().getOutputStream().write(response);
        Wire.expect(relay.client().getInputStream(), response, "the first response");
        return relay;
    }

    private static void assertEndedPromptly(RelayHarness relay, long since) throws Exception {
        assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed(CommandLoop.BACKEND_CLOSED));
        assertThat(Duration.ofNanos(System.nanoTime() - since)).isLessThan(PROMPTLY);
        assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
    }

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void anErrSentBeforeTheCloseReachesTheClientAsItCame(RelayPath path) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            long start = System.nanoTime();
            relay.backend().getOutputStream().write(TIMEOUT_ERR);
            relay.backend().close();
            assertEndedPromptly(relay, start);
            Wire.assertSame(
                    "what the client got", TIMEOUT_ERR, relay.leftovers().client());
        }
    }

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aSilentCloseClosesTheClientWithNothingSent(RelayPath path) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            long start = System.nanoTime();
            relay.backend().close();
            assertEndedPromptly(relay, start);
            assertThat(relay.leftovers().client()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aResetIsPassedOnAsAReset(RelayPath path) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            long start = System.nanoTime();
            relay.backend().setSoLinger(true, 0);
            relay.backend().close();
            assertEndedPromptly(relay, start);
            assertThatThrownBy(relay::leftovers)
                    .as("the client's read, once the gateway closes its end")
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void bytesThatAreNotAnErrAtSequenceZeroAreNotPassedOn(RelayPath path) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            long start = System.nanoTime();
            relay.backend().getOutputStream().write(Wire.frame(1, new byte[] {0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00
            }));
            relay.backend().close();
            assertEndedPromptly(relay, start);
            assertThat(relay.leftovers().client()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aSessionIdleLongerThanTheWatchDelayGoesOn(RelayPath path) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            OutputStream client = relay.client().getOutputStream();
            InputStream backendIn = relay.backend().getInputStream();
            for (int n = 2; n < 6; n++) {
                // around the watch delay: the session takes its backend back before and after the watch starts
                Thread.sleep(BackendWatch.IDLE_BEFORE_WATCH.toMillis() - 60 + 40L * (n - 2));
                RelayStep step = RelayStep.relayed(TEXT, n);
                client.write(step.command());
                Wire.expect(backendIn, step.command(), "command " + n);
                byte[] response = step.runs().getFirst().bytes();
                relay.backend().getOutputStream().write(response);
                Wire.expect(relay.client().getInputStream(), response, "response " + n);
            }
            client.write(RelayStep.QUIT);
            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    static Stream<Arguments> races() {
        // before the thread path watches the backend, and while it does
        return PATHS.stream().flatMap(path -> Stream.of(0L, 100L, 400L).map(idle -> Arguments.of(path, idle)));
    }

    @ParameterizedTest(name = "{0} path, after {1} ms idle")
    @MethodSource("races")
    void aCommandSentAsTheBackendClosesEndsTheSessionAsBackendLost(RelayPath path, long idle) throws Exception {
        try (RelayHarness relay = idleSession(path)) {
            Thread.sleep(idle);
            RelayStep second = RelayStep.relayed(TEXT, 2);
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    relay.backend().close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            relay.client().getOutputStream().write(second.command());
            closer.join();
            try {
                assertThat(relay.awaitEnding())
                        .extracting(e -> SessionEnding.of(((CommandLoop.Ending.Closed) e).why()))
                        .isEqualTo(SessionEnding.BACKEND_LOST);
            } catch (FrameRelay.BackendGoneException e) {
                // the thread path forwarded the command first and found the backend gone: backend_lost too
                assertThat(path).isEqualTo(RelayPath.THREAD);
            }
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            try {
                assertThat(relay.leftovers().client())
                        .as("nothing reaches the client")
                        .isEmpty();
            } catch (SocketException e) {
                // a command the gateway did not read makes its close a reset, as the backend's close makes it
                // for a client talking to it directly
                assertThat(e).hasMessageContaining("reset");
            }
        }
    }
}
