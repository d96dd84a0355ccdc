package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.edge.RelayScript.Pacing;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.constant.ServerStatus;
import io.grantgate.protocol.message.server.OkPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A relay loop hands every command it does not carry out itself to the session's thread, with all
 * the client sent after it, and takes the session back after that one command. Here such commands
 * sit at every place among relayed ones, answered and unanswered, for a client that waits for each
 * response and for one that sends everything at once: the session stays in step throughout.
 */
@Timeout(60)
class RelayHandbackTest {

    private static final long SEED = Long.getLong("relay.seed", 2_020L);
    private static final ExchangeFixture TEXT = RelayFixtures.load("text-result-eof");
    private static final ExchangeFixture EXECUTE = RelayFixtures.load("execute-binary-eof");
    private static final ExchangeFixture PING = RelayFixtures.load("ping");
    private static final ExchangeFixture FIELDS = RelayFixtures.load("field-list");
    private static final ExchangeFixture CLOSE = RelayFixtures.load("stmt-close");
    private static final Capabilities CAPABILITIES = TEXT.capabilities().union(FIELDS.capabilities());
    /** Every relayed response here leaves the session in autocommit, so the gateway's own OK says so too. */
    private static final byte[] OK =
            OkPacket.of(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask()).encode(CAPABILITIES);

    private static final byte[] UNKNOWN = MySqlError.ER_UNKNOWN_COM_ERROR.err().encode(CAPABILITIES);

    /** Commands a loop gives back, each answered as the session's thread answers it. */
    enum ForTheThread {
        KILL_STATEMENT,
        COM_PROCESS_KILL,
        UNKNOWN_COMMAND,
        EMPTY_PACKET,
        QUERY_OVER_16_KIB,
        LONG_DATA_OVER_16_KIB;

        /** The {@code n}th of its kind in a session; a KILL kills connection 100 + n. */
        RelayStep step(int n, Random random) {
            return switch (this) {
                case KILL_STATEMENT ->
                    RelayStep.answered(
                            "KILL " + (100 + n), RelayFixtures.payload(CommandType.COM_QUERY, "KILL " + (100 + n)), OK);
                case COM_PROCESS_KILL ->
                    RelayStep.answered(
                            "COM_PROCESS_KILL " + (100 + n),
                            new byte[] {(byte) CommandType.COM_PROCESS_KILL.code(), (byte) (100 + n), 0, 0, 0},
                            OK);
                case UNKNOWN_COMMAND -> RelayStep.answered("command 0x40", new byte[] {0x40, 1, 2, 3}, UNKNOWN);
                case EMPTY_PACKET -> RelayStep.answered("empty packet", new byte[0], UNKNOWN);
                case QUERY_OVER_16_KIB ->
                    RelayStep.relayed(
                            "a 20 KiB query",
                            RelayFixtures.payload(
                                    CommandType.COM_QUERY, "SELECT '" + "x".repeat(20_000) + "' AS step" + n),
                            TEXT.frames());
                case LONG_DATA_OVER_16_KIB -> {
                    byte[] data = new byte[64 * 1024];
                    random.nextBytes(data);
                    yield RelayStep.unanswered("64 KiB of long data", RelayFixtures.sendLongData(n, data));
                }
            };
        }

        boolean kills() {
            return this == KILL_STATEMENT || this == COM_PROCESS_KILL;
        }
    }

    static Stream<Arguments> sessions() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED;
        for (ForTheThread command : ForTheThread.values()) {
            for (RelayPath path : RelayPath.ALL) {
                for (Pacing pacing : Pacing.values()) {
                    sessions.add(Arguments.of(command, path, pacing, seed++));
                }
            }
        }
        return sessions.stream();
    }

    /**
     * The relayed commands, with the command for the thread before each, twice before the first
     * (two hand-backs in a row) and once after the last: at every place there is.
     */
    @ParameterizedTest(name = "{0} on the {1} path, {2} client, seed {3}")
    @MethodSource("sessions")
    void aCommandForTheSessionsThreadAtEveryPlaceAmongRelayedOnesKeepsTheSessionInStep(
            ForTheThread command, RelayPath path, Pacing pacing, long seed) throws Exception {
        Random random = new Random(seed);
        List<RelayStep> relayed = List.of(
                RelayStep.relayed(TEXT, 1),
                RelayStep.unanswered("1 KiB of long data", RelayFixtures.sendLongData(1, new byte[1024])),
                RelayStep.relayed(EXECUTE, 1),
                RelayStep.relayed(CLOSE, 1),
                RelayStep.relayed(PING, 5),
                RelayStep.relayed(FIELDS, 6));
        List<RelayStep> steps = new ArrayList<>();
        steps.add(command.step(steps.size(), random));
        for (RelayStep step : relayed) {
            steps.add(command.step(steps.size(), random));
            steps.add(step);
        }
        steps.add(command.step(steps.size(), random));
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(steps, pacing, Splits.random(seed), Splits.random(~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
            assertThat(relay.kills())
                    .as("connections killed")
                    .isEqualTo(command.kills() ? List.of(100L, 101L, 103L, 105L, 107L, 109L, 111L, 113L) : List.of());
        }
    }

    static final List<RelayPath> PATHS = RelayPath.ALL;

    /** COM_CHANGE_USER is the session's to answer (the new account is a gateway account): the loop ends with it. */
    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aChangeOfUserEndsTheCommandLoopWithTheBackendBetweenResponses(RelayPath path) throws Exception {
        byte[] changeUser = Wire.frame(0, RelayFixtures.payload(CommandType.COM_CHANGE_USER, "bob\0"));
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(
                    List.of(RelayStep.relayed(TEXT, 1), RelayStep.relayed(PING, 2), RelayStep.relayed(TEXT, 3)),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole(),
                    changeUser));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.ChangeUser());
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    /** A command must start at sequence id 0: the loop gives it to the thread, which answers as for any malformed packet. */
    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aCommandOutOfSequenceIsAnsweredWithAnErrorAndEndsTheSession(RelayPath path) throws Exception {
        byte[] outOfSequence = Wire.frame(3, new byte[] {(byte) CommandType.COM_PING.code()});
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(
                    List.of(RelayStep.relayed(TEXT, 1), RelayStep.relayed(PING, 2), RelayStep.relayed(TEXT, 3)),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole(),
                    outOfSequence));

            assertThat(relay.awaitEnding())
                    .isEqualTo(new CommandLoop.Ending.Closed("protocol error: expected sequence id 0, got 3"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            RelayHarness.Leftovers left = relay.leftovers();
            assertThat(left.client())
                    .isEqualTo(Wire.frame(
                            1, MySqlError.ER_NET_PACKETS_OUT_OF_ORDER.err().encode(CAPABILITIES)));
            assertThat(left.backend())
                    .as("bytes the backend got after its commands")
                    .isEmpty();
        }
    }
}
