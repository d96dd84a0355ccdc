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
 * and in order, or it answers "Got packets out of order" as a real server does.
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
    private static final Capabilities CAPABILITIES = PREPARE.capabilities().union(EXECUTE.capabilities());

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
