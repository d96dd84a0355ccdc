package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.edge.RelayStep.Run;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.PacketOutOfOrderException;
import io.grantgate.protocol.TruncatedPacketException;
import io.grantgate.protocol.constant.MySqlError;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection that goes away in the middle of an exchange ends the session, and the backend
 * connection, left mid-response, is given back BROKEN: the pool must discard it, not reset and
 * reuse it. The session's thread reports the end by throwing (ClientSession's catch-all logs it);
 * a loop by its outcome. Either way nothing reaches the other side that was not sent.
 */
@Timeout(30)
class RelayBrokenConnectionTest {

    private static final ExchangeFixture TEXT = RelayFixtures.load("text-result-eof");
    private static final ExchangeFixture INFILE = RelayFixtures.load("local-infile");
    private static final List<RelayPath> PATHS = List.of(RelayPath.THREAD, RelayPath.LOOP);

    static Stream<Arguments> backendCuts() {
        int length = RelayStep.relayed(TEXT, 1).runs().getFirst().bytes().length;
        // inside the first header, after the first frame, inside a column definition, one byte short of the end
        return PATHS.stream().flatMap(path -> Stream.of(2, 5, 20, length - 1).map(cut -> Arguments.of(path, cut)));
    }

    @ParameterizedTest(name = "{0} path, backend gone after {1} bytes of the response")
    @MethodSource("backendCuts")
    void aBackendThatClosesMidResponseEndsTheSessionAndItsConnectionIsDiscarded(RelayPath path, int cut)
            throws Exception {
        RelayStep first = RelayStep.relayed(TEXT, 1);
        RelayStep second = RelayStep.relayed(TEXT, 2);
        byte[] response = first.runs().getFirst().bytes();
        try (RelayHarness relay = RelayHarness.start(path, TEXT.capabilities())) {
            OutputStream client = relay.client().getOutputStream();
            InputStream backendIn = relay.backend().getInputStream();
            OutputStream backendOut = relay.backend().getOutputStream();
            // one whole exchange first, so that the cut comes in the middle of a session
            client.write(first.command());
            Wire.expect(backendIn, first.command(), "the first command");
            backendOut.write(response);
            Wire.expect(relay.client().getInputStream(), response, "the first response");
            client.write(second.command());
            Wire.expect(backendIn, second.command(), "the second command");
            backendOut.write(response, 0, cut);
            relay.backend().close();

            if (path == RelayPath.THREAD) {
                assertThatThrownBy(relay::awaitEnding)
                        .isInstanceOfAny(FrameRelay.BackendGoneException.class, TruncatedPacketException.class);
            } else {
                assertThat(relay.awaitEnding())
                        .isEqualTo(new CommandLoop.Ending.Closed("the backend closed the connection mid-response"));
            }
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            byte[] got = relay.leftovers().client();
            assertThat(got.length)
                    .as("bytes of the cut response the client got")
                    .isLessThanOrEqualTo(cut);
            assertThat(got)
                    .as("the client gets the start of the response as the backend sent it")
                    .isEqualTo(Arrays.copyOf(response, got.length));
        }
    }

    /** MariaDB's answer to a statement whose connection was killed (its own KILL, or another's): it closes next. */
    @ParameterizedTest(name = "{0} path")
    @MethodSource("paths")
    void aResponseSayingTheConnectionWasKilledEndsTheSessionAsKilled(RelayPath path) throws Exception {
        byte[] query = Wire.frame(0, ("\u0003SELECT 1; KILL CONNECTION_ID()").getBytes(StandardCharsets.US_ASCII));
        byte[] killed = Wire.frame(1, MySqlError.ER_CONNECTION_KILLED.err().encode(TEXT.capabilities()));
        try (RelayHarness relay = RelayHarness.start(path, TEXT.capabilities())) {
            relay.client().getOutputStream().write(query);
            Wire.expect(relay.backend().getInputStream(), query, "the statement");
            relay.backend().getOutputStream().write(killed);
            Wire.expect(relay.client().getInputStream(), killed, "the backend's error");

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("killed"));
            assertThat(relay.releases())
                    .as("the backend closes it: never reset and pooled")
                    .containsExactly(BackendLease.Ending.BROKEN);
        }
    }

    static Stream<RelayPath> paths() {
        return PATHS.stream();
    }

    static Stream<Arguments> clientCuts() {
        // before the file, inside the first frame's header, inside its payload, after it
        return PATHS.stream().flatMap(path -> Stream.of(0, 3, 6, 12).map(cut -> Arguments.of(path, cut)));
    }

    @ParameterizedTest(name = "{0} path, client gone after {1} bytes of its file")
    @MethodSource("clientCuts")
    void aClientThatClosesDuringLocalInfileEndsTheSessionAndItsConnectionIsDiscarded(RelayPath path, int cut)
            throws Exception {
        RelayStep load = RelayStep.relayed(INFILE, 1);
        List<Run> runs = load.runs(); // the server's request, the client's file, the server's OK
        byte[] request = runs.get(0).bytes();
        byte[] file = runs.get(1).bytes();
        try (RelayHarness relay = RelayHarness.start(path, INFILE.capabilities())) {
            InputStream backendIn = relay.backend().getInputStream();
            relay.client().getOutputStream().write(load.command());
            Wire.expect(backendIn, load.command(), "the LOAD DATA command");
            relay.backend().getOutputStream().write(request);
            Wire.expect(relay.client().getInputStream(), request, "the LOCAL INFILE request");
            relay.client().getOutputStream().write(file, 0, cut);
            relay.client().close();

            if (path == RelayPath.THREAD) {
                assertThatThrownBy(relay::awaitEnding)
                        .isInstanceOfAny(FrameRelay.ClientGoneException.class, TruncatedPacketException.class);
            } else {
                assertThat(relay.awaitEnding())
                        .isEqualTo(
                                new CommandLoop.Ending.Closed("the client closed the connection during LOCAL INFILE"));
            }
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            byte[] got = relay.leftovers().backend();
            assertThat(got.length).as("bytes of the file the backend got").isLessThanOrEqualTo(cut);
            assertThat(got)
                    .as("the backend gets the start of the file as the client sent it")
                    .isEqualTo(Arrays.copyOf(file, got.length));
        }
    }

    static Stream<Arguments> outOfOrderFiles() {
        // the file's first frame, and its end, at a sequence id that is not the next one
        return PATHS.stream().flatMap(path -> Stream.of(0, 1).map(frame -> Arguments.of(path, frame)));
    }

    /**
     * Found by the network fuzzer: a LOCAL INFILE frame out of order reached the backend, which took
     * it as no end of the file and waited for more (MariaDB until its net_read_timeout, 30 s), while the
     * relay waited for its answer: the session outlived its client and held its backend connection
     * and the rows the statement had locked. Now the frame ends the session before the backend gets it.
     */
    @ParameterizedTest(name = "{0} path, frame {1} of the file out of order")
    @MethodSource("outOfOrderFiles")
    void aLocalInfileFrameOutOfOrderEndsTheSessionBeforeTheBackendGetsIt(RelayPath path, int frame) throws Exception {
        RelayStep load = RelayStep.relayed(INFILE, 1);
        List<Run> runs = load.runs();
        byte[] request = runs.get(0).bytes();
        byte[] file = runs.get(1).bytes().clone();
        int header = 0;
        for (int i = 0; i < frame; i++) {
            header += 4 + ((file[header] & 0xFF) | (file[header + 1] & 0xFF) << 8 | (file[header + 2] & 0xFF) << 16);
        }
        file[header + 3] += 7;
        try (RelayHarness relay = RelayHarness.start(path, INFILE.capabilities())) {
            InputStream backendIn = relay.backend().getInputStream();
            relay.client().getOutputStream().write(load.command());
            Wire.expect(backendIn, load.command(), "the LOAD DATA command");
            relay.backend().getOutputStream().write(request);
            Wire.expect(relay.client().getInputStream(), request, "the LOCAL INFILE request");
            relay.client().getOutputStream().write(file);

            if (path == RelayPath.THREAD) {
                assertThatThrownBy(relay::awaitEnding).isInstanceOf(PacketOutOfOrderException.class);
            } else {
                assertThat(relay.awaitEnding())
                        .isInstanceOfSatisfying(
                                CommandLoop.Ending.Closed.class,
                                closed -> assertThat(closed.why()).startsWith("protocol error: expected sequence id"));
            }
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.BROKEN);
            byte[] got = relay.leftovers().backend();
            assertThat(got.length)
                    .as("the backend gets at most the frames before the one out of order")
                    .isLessThanOrEqualTo(header);
            assertThat(got).isEqualTo(Arrays.copyOf(file, got.length));
        }
    }
}
