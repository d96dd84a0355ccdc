package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.edge.RelayScript.Pacing;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PHP mysqli's {@code send_long_data}: a 1 MiB value in COM_STMT_SEND_LONG_DATA pieces of 64 KiB,
 * which the backend does not answer, sent back-to-back, and the COM_STMT_EXECUTE at once after the
 * last. Each piece is larger than a relay loop's buffer, so the loop hands each to the session's
 * thread and takes the session back after it, while the client is still writing: every hand-over
 * happens with bytes in flight. The backend must get every piece and the execute, byte for byte
 * and in order, or it answers "Got packets out of order" as a real server does. The same with the
 * client's writes cut into single bytes, and with the session's first move to a loop before each
 * command of the script in turn.
 */
@Timeout(60)
class RelayLongDataTest {

    private static final long SEED = Long.getLong("relay.seed", 3_030L);
    private static final int VALUE = 1 << 20;
    private static final int PIECE = 64 * 1024;
    private static final int ROUNDS = 3;
    private static final int REPEATS = 3;

    private static final ExchangeFixture PREPARE = RelayFixtures.load("prepare-eof");
    private static final ExchangeFixture EXECUTE = RelayFixtures.load("execute-binary-eof");
    private static final ExchangeFixture CLOSE = RelayFixtures.load("stmt-close");
    private static final ExchangeFixture TEXT = RelayFixtures.load("text-result-eof");
    private static final Capabilities CAPABILITIES =
            PREPARE.capabilities().union(EXECUTE.capabilities()).union(TEXT.capabilities());

    static Stream<Arguments> sessions() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED;
        for (RelayPath path : RelayPath.ALL) {
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                sessions.add(Arguments.of(path, "whole", seed++));
                sessions.add(Arguments.of(path, "random", seed++));
            }
        }
        return sessions.stream();
    }

    @ParameterizedTest(name = "{0} path, {1} writes, seed {2}")
    @MethodSource("sessions")
    void aValueSentInPiecesLargerThanTheLoopsBufferReachesTheBackendBeforeItsExecute(
            RelayPath path, String splits, long seed) throws Exception {
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(
                    rounds(new Random(seed)),
                    Pacing.LOCKSTEP,
                    Splits.named(splits, seed),
                    Splits.named(splits, ~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    /** Pieces just over a loop's buffer, so each is handed back, and one under it, which the loop relays. */
    private static final int OVER_THE_LOOPS_BUFFER = RelayBuffers.SIZE + 1;

    private static final int UNDER_THE_LOOPS_BUFFER = 1024;

    static Stream<Arguments> oneByteWrites() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED + 100;
        // a few seconds each: both pacings where the loop hands back, the lockstep client elsewhere
        for (RelayPath path : RelayPath.ALL) {
            for (Pacing pacing : Pacing.values()) {
                if (path == RelayPath.LOOP || pacing == Pacing.LOCKSTEP) {
                    sessions.add(Arguments.of(path, pacing, seed++));
                }
            }
        }
        return sessions.stream();
    }

    /**
     * The client's writes one byte at a time (each its own TCP segment, a pause after it): the loop
     * meets each piece's header a byte at a time, hands the piece back after its first bytes, and
     * takes the session back while the next piece trickles in; the thread reads the rest of a piece
     * from the socket byte by byte.
     */
    @ParameterizedTest(name = "{0} path, {1} client, seed {2}")
    @MethodSource("oneByteWrites")
    void piecesWrittenOneByteAtATimeReachTheBackendInOrder(RelayPath path, Pacing pacing, long seed) throws Exception {
        Random random = new Random(seed);
        List<RelayStep> steps = List.of(
                RelayStep.relayed(PREPARE, 1),
                longData(1, OVER_THE_LOOPS_BUFFER, random),
                longData(1, UNDER_THE_LOOPS_BUFFER, random),
                longData(1, OVER_THE_LOOPS_BUFFER, random),
                RelayStep.relayed(EXECUTE, 1),
                RelayStep.relayed(CLOSE, 1));
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(steps, pacing, Splits.oneByte(), Splits.random(~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    /** Two rounds of prepare, long data over and under the loop's buffer, execute and close, after a query. */
    private static List<RelayStep> mixedRounds(Random random) {
        List<RelayStep> steps = new ArrayList<>();
        steps.add(RelayStep.relayed(TEXT, 1));
        for (int round = 1; round <= 2; round++) {
            steps.add(RelayStep.relayed(PREPARE, round));
            steps.add(longData(round, OVER_THE_LOOPS_BUFFER, random));
            steps.add(longData(round, UNDER_THE_LOOPS_BUFFER, random));
            steps.add(longData(round, OVER_THE_LOOPS_BUFFER, random));
            steps.add(RelayStep.relayed(EXECUTE, round));
            steps.add(RelayStep.relayed(CLOSE, round));
        }
        return steps;
    }

    static Stream<Arguments> everyMove() {
        int commands = mixedRounds(new Random(0)).size();
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED + 200;
        for (int before = 0; before <= commands; before++) {
            for (Pacing pacing : Pacing.values()) {
                for (String splits : List.of("whole", "random")) {
                    sessions.add(Arguments.of(before, pacing, splits, seed++));
                }
            }
        }
        return sessions.stream();
    }

    /**
     * The session's first move to a loop after each number of commands there is in the script (and
     * after all of them): whichever command comes first to the loop, the long data before and
     * after it, handed back or relayed by the loop, reaches the backend byte for byte and in order.
     */
    @ParameterizedTest(name = "to a loop after {0} commands, {1} client, {2} writes, seed {3}")
    @MethodSource("everyMove")
    void longDataKeepsTheSessionInStepWhereverTheSessionMovesToALoop(
            int before, Pacing pacing, String splits, long seed) throws Exception {
        RelayPath path = new RelayPath("loop after " + before, before);
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            relay.play(new RelayScript(
                    mixedRounds(new Random(seed)), pacing, Splits.named(splits, seed), Splits.named(splits, ~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    private static RelayStep longData(int statement, int size, Random random) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return RelayStep.unanswered(size + " bytes of long data", RelayFixtures.sendLongData(statement, data));
    }

    /** Prepare, the value in pieces, execute, close: as a PHP script inserting a few blobs in a row. */
    static List<RelayStep> rounds(Random random) {
        List<RelayStep> steps = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            steps.add(RelayStep.relayed(PREPARE, round));
            for (int offset = 0; offset < VALUE; offset += PIECE) {
                byte[] data = new byte[PIECE];
                random.nextBytes(data); // no two pieces alike: one lost, doubled or swapped shows
                steps.add(RelayStep.unanswered(
                        "long data " + round + "@" + offset, RelayFixtures.sendLongData(round, data)));
            }
            steps.add(RelayStep.relayed(EXECUTE, round));
            steps.add(RelayStep.relayed(CLOSE, round));
        }
        return steps;
    }
}
