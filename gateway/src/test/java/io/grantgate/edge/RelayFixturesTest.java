package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.edge.RelayFixtures.Group;
import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.edge.RelayScript.Pacing;
import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded exchange crosses a session's relay byte for byte, several in one session, on the
 * session's thread and on a relay loop, whatever pieces the client and the backend write in. The
 * random cuts come from seeds shown in each test's name; -Drelay.seed=N starts them elsewhere.
 */
@Timeout(60)
class RelayFixturesTest {

    private static final long SEED = Long.getLong("relay.seed", 1_010L);
    private static final List<String> SPLITS = List.of("whole", "1-byte", "random");

    static Stream<Arguments> sessions() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED;
        for (RelayPath path : RelayPath.ALL_AND_TLS) {
            for (String splits : SPLITS) {
                for (Group group : RelayFixtures.groups()) {
                    sessions.add(Arguments.of(group, path, splits, seed++));
                }
            }
        }
        return sessions.stream();
    }

    @ParameterizedTest(name = "{0} on the {1} path, {2} writes, seed {3}")
    @MethodSource("sessions")
    void eachRecordedResponseReachesTheClientVerbatimAndEachCommandTheBackend(
            Group group, RelayPath path, String splits, long seed) throws Exception {
        try (RelayHarness relay = RelayHarness.start(path, group.capabilities())) {
            relay.play(new RelayScript(
                    steps(group), Pacing.LOCKSTEP, Splits.named(splits, seed), Splits.named(splits, ~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    static Stream<Arguments> pipelined() {
        List<Arguments> sessions = new ArrayList<>();
        long seed = SEED + 1_000;
        for (RelayPath path : RelayPath.ALL_AND_TLS) {
            for (Group group : RelayFixtures.groups()) {
                sessions.add(Arguments.of(group, path, seed++));
            }
        }
        return sessions.stream();
    }

    /** A client that sends every command before it reads a response: each still gets its own, in order. */
    @ParameterizedTest(name = "{0} on the {1} path, seed {2}")
    @MethodSource("pipelined")
    void commandsSentAheadAreRelayedOneAfterAnother(Group group, RelayPath path, long seed) throws Exception {
        try (RelayHarness relay = RelayHarness.start(path, group.capabilities())) {
            relay.play(new RelayScript(steps(group), Pacing.PIPELINED, Splits.random(seed), Splits.random(~seed)));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
            relay.assertNothingMore();
        }
    }

    static final List<RelayPath> PATHS = RelayPath.ALL;

    /** USE, or COM_INIT_DB, may leave the backend in another schema: the pool must reset it with a new login. */
    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aChangeOfSchemaIsWhatTheSessionOwesThePool(RelayPath path) throws Exception {
        ExchangeFixture ok = RelayFixtures.load("ping");
        byte[] use = RelayFixtures.payload(CommandType.COM_QUERY, "USE other");
        List<RelayStep> steps = List.of(
                RelayStep.relayed(ok, 1), RelayStep.relayed("USE other", use, ok.frames()), RelayStep.relayed(ok, 3));
        try (RelayHarness relay = RelayHarness.start(path, ok.capabilities())) {
            relay.play(new RelayScript(steps, Pacing.LOCKSTEP, Splits.whole(), Splits.whole()));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_CHANGED);
        }
        byte[] initDb = RelayFixtures.payload(CommandType.COM_INIT_DB, "other");
        try (RelayHarness relay = RelayHarness.start(path, ok.capabilities())) {
            relay.play(new RelayScript(
                    List.of(RelayStep.relayed(ok, 1), RelayStep.relayed("COM_INIT_DB", initDb, ok.frames())),
                    Pacing.LOCKSTEP,
                    Splits.whole(),
                    Splits.whole()));

            assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
            assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_CHANGED);
        }
    }

    /** The list names each recorded exchange, whether the fixtures are a directory or inside core's test jar. */
    @Test
    void theListNamesEveryRecordedExchange() throws Exception {
        URI directory = ExchangeFixture.class.getResource("/fixtures/protocol").toURI();
        if ("jar".equals(directory.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(directory, Map.of())) {
                assertThat(exchangeNames(jar.provider().getPath(directory)))
                        .containsExactlyInAnyOrderElementsOf(RelayFixtures.NAMES);
            }
        } else {
            assertThat(exchangeNames(Path.of(directory))).containsExactlyInAnyOrderElementsOf(RelayFixtures.NAMES);
        }
    }

    private static List<String> exchangeNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".exchange"))
                    .map(name -> name.substring(0, name.length() - ".exchange".length()))
                    .toList();
        }
    }

    /** The group's fixtures in turn; a group of one is played three times, so that its session has several commands. */
    static List<RelayStep> steps(Group group) {
        List<ExchangeFixture> fixtures = group.fixtures().size() > 1
                ? group.fixtures()
                : List.of(
                        group.fixtures().getFirst(),
                        group.fixtures().getFirst(),
                        group.fixtures().getFirst());
        List<RelayStep> steps = new ArrayList<>();
        for (ExchangeFixture fixture : fixtures) {
            steps.add(RelayStep.relayed(fixture, steps.size() + 1));
        }
        return steps;
    }
}
