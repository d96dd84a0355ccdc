package io.grantgate.audit;

import static io.grantgate.audit.AuditEvents.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuditFileTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FAST_RETRY = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private final FailingDisk disk = new FailingDisk();
    private final List<AuditFileTrail> opened = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger trailLog = (Logger) LoggerFactory.getLogger(AuditFileTrail.class);

    AuditFileTrailTest() {
        logged.start();
        trailLog.addAppender(logged);
    }

    @AfterEach
    void closeTrails() {
        CountDownLatch gate = disk.stall;
        if (gate != null) {
            gate.countDown();
        }
        disk.limit = Long.MAX_VALUE;
        opened.forEach(AuditFileTrail::close);
        trailLog.detachAppender(logged);
    }

    private Path file() {
        return dir.resolve("audit").resolve("audit.jsonl");
    }

    private AuditFileSettings settings(AuditMode mode) {
        return AuditFileSettings.of(file(), mode);
    }

    private AuditFileTrail open(AuditFileSettings settings) throws IOException {
        return open(settings, Clock.systemUTC());
    }

    private AuditFileTrail open(AuditFileSettings settings, Clock clock) throws IOException {
        return open(settings, clock, FAST_RETRY);
    }

    private AuditFileTrail open(AuditFileSettings settings, Clock clock, Duration retryDelay) throws IOException {
        AuditFileTrail trail = AuditFileTrail.open(settings, KEY, "gw-test", clock, disk, retryDelay);
        opened.add(trail);
        return trail;
    }

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, UTF_8)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    private AuditVerification verify() throws IOException {
        return AuditVerifier.verify(AuditFiles.of(file()), KEY, Optional.empty());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void writesChainedRecordsThatVerify() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.ASYNC));
        assertThat(Thread.getAllStackTraces().keySet())
                .anyMatch(t -> t.getName().equals("audit-writer") && t.isDaemon());

        assertThat(trail.record(AuditEvents.login(1))).isTrue();
        for (int i = 1; i <= 5; i++) {
            assertThat(trail.record(AuditEvents.query(1, i, "select " + i))).isTrue();
        }
        trail.close();

        List<JsonNode> records = records(file());
        assertThat(records).hasSize(7);
        assertThat(records.getFirst().get("type").asText()).isEqualTo("file_start");
        assertThat(records.getFirst().get("reason").asText()).isEqualTo("start");
        assertThat(records.getFirst().get("instance").asText()).isEqualTo("gw-test");
        assertThat(records.stream().map(r -> r.get("seq").asLong())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(records.get(2).get("text").asText()).isEqualTo("select 1");
        AuditVerification verification = verify();
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(verification.records()).isEqualTo(7);
        assertThat(trail.written("login")).isEqualTo(1);
        assertThat(trail.written("statement")).isEqualTo(5);
        assertThat(trail.written("file_start")).isEqualTo(1);
        assertThat(trail.dropped()).isZero();
        assertThat(trail.head())
                .isEqualTo(new ChainHead(
                        "audit.jsonl", 7, records.getLast().get("mac").asText()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(trail.record(AuditEvents.login(2))).as("closed").isFalse();
    }

    @Test
    void headFollowsTheSyncedRecordsWithinTheInterval() throws Exception {
        AuditFileTrail trail =
                open(settings(AuditMode.ASYNC).withFsync(AuditFileSettings.Fsync.INTERVAL, Duration.ofMillis(100)));
        assertThat(trail.head().seq()).as("the file_start is on disk").isEqualTo(1);

        trail.record(AuditEvents.login(1));
        trail.record(AuditEvents.login(2));

        await("the head to reach seq 3", () -> trail.head().seq() == 3);
        assertThat(trail.head().macHex())
                .isEqualTo(records(file()).getLast().get("mac").asText());
    }

    @Test
    void continuesTheChainAfterAClose() throws Exception {
        AuditFileTrail first = open(settings(AuditMode.BLOCK));
        first.record(AuditEvents.login(1));
        first.close();

        AuditFileTrail second = open(settings(AuditMode.BLOCK));
        assertThat(second.head().seq()).isEqualTo(2);
        second.record(AuditEvents.login(2));
        second.close();

        List<JsonNode> records = records(file());
        assertThat(records).extracting(r -> r.get("type").asText()).containsExactly("file_start", "login", "login");
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void cutsOffAPartialLineLeftByACrashAndSaysSo() throws Exception {
        AuditFileTrail first = open(settings(AuditMode.BLOCK));
        first.record(AuditEvents.login(1));
        first.record(AuditEvents.login(2));
        first.close();
        byte[] partial = "{\"v\":1,\"seq\":4,\"time\":17900".getBytes(UTF_8);
        Files.write(file(), partial, StandardOpenOption.APPEND);
        assertThat(verify().problem().get().what()).startsWith("partial last line");

        AuditFileTrail second = open(settings(AuditMode.BLOCK));
        second.record(AuditEvents.login(3));
        second.close();

        List<JsonNode> records = records(file());
        assertThat(records).hasSize(5);
        JsonNode resume = records.get(3);
        assertThat(resume.get("type").asText()).isEqualTo("file_start");
        assertThat(resume.get("reason").asText()).isEqualTo("resume");
        assertThat(resume.get("dropped_bytes").asLong()).isEqualTo(partial.length);
        assertThat(resume.get("previous_mac").asText())
                .isEqualTo(records.get(2).get("mac").asText());
        assertThat(resume.has("previous_file")).isFalse();
        AuditVerification verification = verify();
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(verification.lastSeq()).isEqualTo(5);
    }

    @Test
    void aTrailThatCrashedInItsFirstLineStartsAgainAtSeqOne() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"v\":1,\"se");

        open(settings(AuditMode.ASYNC)).close();

        List<JsonNode> records = records(file());
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().get("reason").asText()).isEqualTo("resume");
        assertThat(records.getFirst().get("seq").asLong()).isEqualTo(1);
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void refusesToContinueAFileWhoseLastLineIsNoRecord() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "not an audit record\n");

        assertThatThrownBy(() -> open(settings(AuditMode.ASYNC)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("last line is not an audit record")
                .hasMessageContaining("move the file aside");
    }

    @Test
    void rotatesBySize() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.BLOCK).withRotation(2_000, Duration.ofDays(1)));
        for (int i = 1; i <= 60; i++) {
            trail.record(AuditEvents.query(1, i, "select " + i));
        }
        trail.close();

        List<Path> files = AuditFiles.of(file());
        assertThat(files.size()).isGreaterThan(3);
        assertThat(files.getLast()).isEqualTo(file().toAbsolutePath());
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            List<JsonNode> records = records(f);
            total += records.size();
            JsonNode first = records.getFirst();
            assertThat(first.get("type").asText()).isEqualTo("file_start");
            if (i == 0) {
                assertThat(first.get("reason").asText()).isEqualTo("start");
            } else {
                assertThat(first.get("reason").asText()).isEqualTo("rotate");
                assertThat(first.get("previous_file").asText())
                        .isEqualTo(files.get(i - 1).getFileName().toString());
                assertThat(first.get("previous_mac").asText())
                        .isEqualTo(
                                records(files.get(i - 1)).getLast().get("mac").asText());
            }
            if (i < files.size() - 1) {
                assertThat(f.getFileName().toString())
                        .matches("audit-\\d{8}T\\d{6}Z-\\d{12}\\.jsonl")
                        .endsWith(String.format("-%012d.jsonl", first.get("seq").asLong()));
                assertThat(Files.size(f)).isLessThan(2_000 + 400);
            }
        }
        assertThat(total).isEqualTo(60 + files.size());
        AuditVerification verification = AuditVerifier.verify(List.of(file().getParent()), KEY, Optional.empty());
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(verification.records()).isEqualTo(total);
    }

    @Test
    void rotatesByAge() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T20:41:00.123Z"));
        AuditFileTrail trail = open(settings(AuditMode.ASYNC).withRotation(1 << 30, Duration.ofHours(1)), clock);
        trail.record(AuditEvents.login(1));
        await("the login to be written", () -> trail.written("login") == 1);
        clock.advance(Duration.ofMinutes(59));
        trail.record(AuditEvents.login(2));
        await("the second login to be written", () -> trail.written("login") == 2);
        assertThat(AuditFiles.rotated(file())).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        trail.record(AuditEvents.login(3));
        trail.close();

        assertThat(AuditFiles.rotated(file()))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("audit-20261202T204100Z-000000000001.jsonl");
        List<JsonNode> current = records(file());
        assertThat(current).extracting(r -> r.get("type").asText()).containsExactly("file_start", "login");
        assertThat(current.getFirst().get("time").asLong())
                .isEqualTo(Instant.parse("2026-12-02T21:42:00.123Z").toEpochMilli() * 1000);
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void asyncDropsAndCountsWhenTheQueueIsFull() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.ASYNC).withQueueCapacity(8));
        disk.stall = new CountDownLatch(1);

        int accepted = 0;
        for (int i = 1; i <= 200; i++) {
            if (trail.record(AuditEvents.query(1, i, "select " + i))) {
                accepted++;
            }
        }
        assertThat(accepted).isBetween(8, 8 + 4096);
        assertThat(trail.dropped()).isEqualTo(200 - accepted);
        disk.stall.countDown();
        trail.close();

        assertThat(records(file())).hasSize(accepted + 1);
        assertThat(verify().ok()).isTrue();
        assertThat(warnings()).filteredOn(m -> m.contains("queue full")).hasSize(1);
    }

    @Test
    void blockWaitsWhileTheQueueIsFull() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.BLOCK).withQueueCapacity(4));
        // more than the writer can hold: a batch lingers for those behind it, so the stalled writer may
        // hold two queues' worth (up to 8) while 4 more wait in the queue
        final int events = 20;
        disk.stall = new CountDownLatch(1);
        List<Boolean> results = new ArrayList<>();
        Thread session = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= events; i++) {
                boolean accepted = trail.record(AuditEvents.query(1, i, "select " + i));
                synchronized (results) {
                    results.add(accepted);
                }
            }
        });

        await(
                "the writer to hold a batch and the queue to fill",
                () -> disk.writesStalled == 1 && trail.queueDepth() == 4);
        session.join(300);
        assertThat(session.isAlive()).as("the session waits for room").isTrue();
        assertThat(trail.healthy()).isTrue();

        disk.stall.countDown();
        session.join(10_000);
        assertThat(results).hasSize(events).containsOnly(true);
        trail.close();
        assertThat(records(file())).hasSize(events + 1);
        assertThat(verify().ok()).isTrue();
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void blockRefusesWhileTheDiskIsFullThenWritesEverythingItAcceptedInOrder() throws Exception {
        // retries far apart: between two, the file is as the failed write left it once cut back
        AuditFileTrail trail = open(
                settings(AuditMode.BLOCK).withFsync(AuditFileSettings.Fsync.ALWAYS, Duration.ofSeconds(1)),
                Clock.systemUTC(),
                Duration.ofMillis(700));
        disk.limit = Files.size(file()) + 1_000; // room for a few statements, the last of them cut short

        List<Long> accepted = new ArrayList<>();
        long command = 0;
        while (trail.healthy() && command < 10_000) {
            command++;
            if (trail.record(AuditEvents.query(1, command, "insert into t values (" + command + ")"))) {
                accepted.add(command);
            }
            Thread.sleep(1);
        }
        assertThat(trail.healthy()).isFalse();
        long refused = ++command;
        assertThat(trail.record(AuditEvents.query(1, refused, "refused")))
                .as("refused at once")
                .isFalse();
        assertThat(records(file()).size()).as("no partial line is left").isLessThan(accepted.size() + 1);
        assertThat(Files.readString(file())).endsWith("}\n");
        // the writer turns the trail unhealthy, then logs why: on a loaded machine the line can come later
        await(
                "the refusal to be logged",
                () -> errors().stream().anyMatch(m -> m.contains("refusing audited statements")));
        assertThat(errors())
                .filteredOn(m -> m.contains("refusing audited statements"))
                .hasSize(1);

        disk.limit = Long.MAX_VALUE;
        await("the trail to write again", trail::healthy);
        for (int i = 0; i < 3; i++) {
            command++;
            assertThat(trail.record(AuditEvents.query(1, command, "after"))).isTrue();
            accepted.add(command);
        }
        trail.close();

        List<JsonNode> records = records(file());
        assertThat(records.subList(1, records.size()))
                .extracting(r -> r.get("command_number").asLong())
                .containsExactlyElementsOf(accepted);
        assertThat(verify().ok()).isTrue();
        assertThat(trail.dropped()).isZero();
        assertThat(infos()).filteredOn(m -> m.contains("writable again")).hasSize(1);
    }

    @Test
    void blockRefusesWhileSyncFails() throws Exception {
        AuditFileTrail trail =
                open(settings(AuditMode.BLOCK).withFsync(AuditFileSettings.Fsync.ALWAYS, Duration.ofSeconds(1)));
        disk.failSync = true;

        assertThat(trail.record(AuditEvents.login(1))).isTrue();
        await("the sync to fail", () -> !trail.healthy());
        assertThat(trail.record(AuditEvents.login(2))).isFalse();
        assertThat(trail.head().seq()).as("not on disk").isEqualTo(1);

        disk.failSync = false;
        await("the trail to recover", trail::healthy);
        assertThat(trail.head().seq()).isEqualTo(2);
        trail.close();
        assertThat(records(file())).extracting(r -> r.get("type").asText()).containsExactly("file_start", "login");
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void blockKeepsTheResultOfAStatementThatRanWhileItRefusesTheNext() throws Exception {
        AuditFileTrail trail =
                open(settings(AuditMode.BLOCK).withFsync(AuditFileSettings.Fsync.ALWAYS, Duration.ofSeconds(1)));
        disk.failSync = true;

        assertThat(trail.record(AuditEvents.ahead(1, 1, "update t set a = 1"))).isTrue();
        await("the sync to fail", () -> !trail.healthy());
        assertThat(trail.record(AuditEvents.ahead(1, 2, "update t set a = 2")))
                .as("the next statement is refused")
                .isFalse();
        assertThat(trail.record(AuditEvents.result(1, 1)))
                .as("the outcome of the statement that ran is kept")
                .isTrue();

        disk.failSync = false;
        await("the trail to recover", trail::healthy);
        trail.close();
        assertThat(records(file()))
                .extracting(r -> r.get("type").asText() + " " + r.get("command_number"))
                .containsExactly("file_start null", "statement 1", "statement_result 1");
        assertThat(verify().ok()).isTrue();
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void asyncDropsWhileTheDiskIsFullWithOneWarning() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.ASYNC));
        disk.limit = Files.size(file()) + 500;

        int[] handed = {0};
        while (trail.dropped() < 20 && handed[0] < 100_000) {
            trail.record(AuditEvents.query(1, ++handed[0], "select " + handed[0]));
            Thread.sleep(1);
        }
        assertThat(trail.dropped()).isGreaterThanOrEqualTo(20);
        assertThat(trail.healthy()).isFalse();

        disk.limit = Long.MAX_VALUE;
        await("the trail to write again", () -> {
            trail.record(AuditEvents.login(++handed[0]));
            return trail.healthy();
        });
        trail.close();

        assertThat(verify().ok()).isTrue();
        assertThat(warnings()).filteredOn(m -> m.contains("cannot be written")).hasSize(1);
        assertThat(infos()).filteredOn(m -> m.contains("writable again")).hasSize(1);
        long written = Files.readAllLines(file()).size() - 1;
        assertThat(written + trail.dropped())
                .as("every event is written or counted")
                .isEqualTo(handed[0]);
    }

    @Test
    void closeWritesEverythingHandedOver() throws Exception {
        AuditFileTrail trail = open(settings(AuditMode.BLOCK).withRotation(4L << 20, Duration.ofDays(1)));
        int threads = 8;
        int each = 12_500;
        List<Thread> sessions = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long connection = t + 1;
            sessions.add(Thread.ofPlatform().start(() -> {
                for (int i = 1; i <= each; i++) {
                    if (!trail.record(AuditEvents.query(connection, i, "select * from t where id = " + i))) {
                        throw new AssertionError("refused");
                    }
                }
            }));
        }
        for (Thread session : sessions) {
            session.join();
        }
        trail.close();

        List<Path> files = AuditFiles.of(file());
        long lines = 0;
        for (Path f : files) {
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(threads * each + files.size());
        assertThat(trail.written("statement")).isEqualTo(threads * each);
        AuditVerification verification = AuditVerifier.verify(files, KEY, Optional.of(trail.head()));
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(verification.lastSeq()).isEqualTo(lines);
    }

    private List<String> warnings() {
        return messages(Level.WARN);
    }

    private List<String> errors() {
        return messages(Level.ERROR);
    }

    private List<String> infos() {
        return messages(Level.INFO);
    }

    private List<String> messages(Level level) {
        synchronized (logged.list) {
            return logged.list.stream()
                    .filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }
}
