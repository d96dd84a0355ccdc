package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantgate.audit.AuditVerification;
import io.grantgate.audit.ChainHead;
import io.grantgate.ops.MarkedLoad.Attempt;
import io.grantgate.testing.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's guarantees when the gateway process is stopped, killed, or its disk fills, each
 * on a real {@code bin/grantgate} under a statement load of 4 clients (docs/audit.md): SIGTERM writes
 * every record and checkpoints the end; SIGKILL loses nothing older than the fsync interval and the
 * next start takes the chain up; a full disk makes block mode refuse statements and async mode drop
 * records, and both recover once there is room. Statements carry markers ({@link MarkedLoad}), so that
 * each acknowledged one is looked for in the file by its text.
 */
class AuditDurabilityIT {

    private static final int CLIENTS = 4;
    private static final Duration LOAD = Duration.ofSeconds(3);
    /** Generous: only a gateway that is broken, not one that is slow, takes this long. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Duration FSYNC_INTERVAL = Duration.ofSeconds(1);
    private static final long HEADROOM = 64 * 1024;

    private Path dataDir;
    private AuditDirectory audit;
    private AuditedCatalog catalog;
    private GatewayProcess gateway;
    private String instance;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = Files.createTempDirectory("audit-durability");
        audit = new AuditDirectory(dataDir);
        catalog = new AuditedCatalog("dur");
        instance = "durability-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.destroy();
        }
        catalog.close();
        TestBackend.deleteRecursively(dataDir);
    }

    /**
     * With checkpoints every 10 s (the default), the load is over before the first periodic one: a
     * checkpoint at the trail's last record can only be the one written at the stop.
     */
    private GatewayProcess start(String mode) throws Exception {
        return start(mode, Duration.ofSeconds(10));
    }

    private GatewayProcess start(String mode, Duration checkpointInterval) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(catalog.environment());
        environment.put("GRANTGATE_INSTANCE_ID", instance);
        environment.put("GRANTGATE_AUDIT_MODE", mode);
        environment.put("GRANTGATE_AUDIT_DEFAULT_LEVEL", "statements");
        environment.put("GRANTGATE_AUDIT_FSYNC", "interval");
        environment.put("GRANTGATE_AUDIT_FSYNC_INTERVAL", FSYNC_INTERVAL.toMillis() + "ms");
        environment.put("GRANTGATE_AUDIT_CHECKPOINT_INTERVAL", checkpointInterval.toMillis() + "ms");
        gateway = GatewayProcess.start(dataDir, environment);
        return gateway;
    }

    @Test
    void sigtermUnderLoadWritesTheRecordOfEveryAcknowledgedStatementAndCheckpointsTheEnd() throws Exception {
        start("async");
        MarkedLoad load = MarkedLoad.start(CLIENTS, gateway.port(), catalog);
        runFor(load, LOAD);

        gateway.stop();
        load.awaitEnd(PATIENCE);
        load.close();

        List<Attempt> attempts = load.attempts();
        assertThat(lastAttemptsFailed(attempts))
                .as("every client was still running statements when SIGTERM came")
                .isTrue();
        List<JsonNode> records = audit.records();
        List<Attempt> acknowledged = acknowledged(attempts);
        assertThat(missingFrom(records, acknowledged))
                .as("acknowledged statements without their statement record")
                .isEmpty();
        assertThat(markedStatements(records)).isGreaterThanOrEqualTo(acknowledged.size());
        assertThat(records.stream()
                        .filter(r -> r.path("type").asText().equals("session_end"))
                        .filter(r -> r.path("user").asText().equals(catalog.user))
                        .map(r -> r.path("ending").asText()))
                .as("the sessions' ends")
                .containsExactlyElementsOf(java.util.Collections.nCopies(CLIENTS, "gateway_stopped"));
        assertIntactAndCheckpointedToTheEnd(records);
        System.out.printf(
                "AuditDurabilityIT: SIGTERM after %s: %d statements acknowledged, %d statement records, %d records"
                        + " in all, none missing%n",
                LOAD, acknowledged.size(), markedStatements(records), records.size());
    }

    @Test
    void sigkillLosesNothingOlderThanTheFsyncIntervalAndTheNextStartTakesTheChainUp() throws Exception {
        // checkpoints during the load, not only the one at the start
        start("async", Duration.ofSeconds(1));
        MarkedLoad load = MarkedLoad.start(CLIENTS, gateway.port(), catalog);
        runFor(load, LOAD);

        long killedAt = System.nanoTime();
        gateway.kill();
        load.awaitEnd(PATIENCE);
        load.close();

        List<Attempt> acknowledged = acknowledged(load.attempts());
        List<JsonNode> records = audit.records();
        long lastSeq = AuditDirectory.lastSeq(records);
        long partial = audit.partialBytes();
        List<Attempt> older = acknowledged.stream()
                .filter(a -> killedAt - a.answeredNanos() > FSYNC_INTERVAL.toNanos())
                .toList();
        assertThat(older)
                .as("statements acknowledged more than %s before the kill", FSYNC_INTERVAL)
                .isNotEmpty();
        assertThat(missingFrom(records, older))
                .as("statements acknowledged more than %s before the kill, without their record", FSYNC_INTERVAL)
                .isEmpty();

        ChainHead checkpoint = catalog.checkpoint(instance).orElseThrow();
        assertThat(checkpoint.seq())
                .as("checkpoints cover synced records only")
                .isPositive()
                .isLessThanOrEqualTo(lastSeq);
        assertThat(records.stream().filter(r -> r.path("seq").asLong() == checkpoint.seq()))
                .singleElement()
                .satisfies(r -> assertThat(r.path("mac").asText()).isEqualTo(checkpoint.macHex()));
        AuditVerification killed = audit.verify(catalog.masterKey, Optional.of(checkpoint));
        if (partial == 0) {
            assertThat(killed.ok()).as(killed.summary()).isTrue();
        } else {
            // killed mid-write: the complete records before the cut line are intact and reach the checkpoint
            assertThat(killed.problem().orElseThrow().what())
                    .isEqualTo("partial last line (" + partial + " bytes without a newline)");
            assertThat(killed.lastSeq()).isEqualTo(lastSeq);
        }
        System.out.printf(
                "AuditDurabilityIT: SIGKILL after %s: %d statements acknowledged, %d without a record (all within"
                        + " the last %s), %d records, a %d-byte partial line, checkpoint at seq %d of %d%n",
                LOAD,
                acknowledged.size(),
                missingFrom(records, acknowledged).size(),
                FSYNC_INTERVAL,
                records.size(),
                partial,
                checkpoint.seq(),
                lastSeq);

        start("async");
        MarkedLoad after = MarkedLoad.start(1, gateway.port(), catalog);
        assertThat(after.await(a -> acknowledged(a).size() >= 20, PATIENCE))
                .as(after.summary())
                .isTrue();
        after.close();
        gateway.stop();

        List<JsonNode> resumed = audit.records();
        List<JsonNode> added =
                resumed.stream().filter(r -> r.path("seq").asLong() > lastSeq).toList();
        assertThat(added).isNotEmpty();
        assertThat(added.getFirst().path("seq").asLong()).isEqualTo(lastSeq + 1);
        List<JsonNode> starts = added.stream()
                .filter(r -> r.path("type").asText().equals("file_start"))
                .toList();
        assertThat(gateway.output()).anyMatch(line -> line.contains("continues after its record " + lastSeq));
        if (partial == 0) {
            assertThat(starts)
                    .as("a restart after complete lines goes on with the chain, no record")
                    .isEmpty();
        } else {
            assertThat(starts).singleElement().satisfies(start -> {
                assertThat(start.path("seq").asLong()).isEqualTo(lastSeq + 1);
                assertThat(start.path("reason").asText()).isEqualTo("resume");
                assertThat(start.path("dropped_bytes").asLong()).isEqualTo(partial);
            });
        }
        assertThat(missingFrom(resumed, acknowledged(after.attempts())))
                .as("statements after the restart without their record")
                .isEmpty();
        assertIntactAndCheckpointedToTheEnd(resumed);
    }

    @Test
    void diskFullInBlockModeRefusesStatementsUnrecordedAndRecoversWithoutLosingAnAcknowledgedOne() throws Exception {
        FileSizeLimit.requirePrlimit();
        start("block");
        MarkedLoad load = MarkedLoad.start(CLIENTS, gateway.port(), catalog);
        assertThat(load.await(everyClientAcknowledged(10, Long.MIN_VALUE), PATIENCE))
                .as(load.summary())
                .isTrue();

        long pid = gateway.jvmPid();
        FileSizeLimit.set(pid, audit.size() + HEADROOM);
        assertThat(load.await(a -> a.stream().anyMatch(Attempt::refusedByAudit), PATIENCE))
                .as("statements refused once the audit file cannot grow; gateway output:\n%s", gateway.log())
                .isTrue();
        // long enough for the writer to retry against the limit
        Thread.sleep(1500);
        long liftedAt = System.nanoTime();
        FileSizeLimit.lift(pid);
        assertThat(load.await(everyClientAcknowledged(10, liftedAt), PATIENCE))
                .as("statements run again once the file can grow; %s", load.summary())
                .isTrue();
        long recoveredAt = System.nanoTime();
        load.close();
        gateway.stop();

        List<Attempt> attempts = load.attempts();
        assertThat(attempts.stream().filter(a -> a.failure().isPresent() && !a.refusedByAudit()))
                .as("failures other than the audit's refusal")
                .isEmpty();
        List<Attempt> refused =
                attempts.stream().filter(Attempt::refusedByAudit).toList();
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.failure().orElseThrow().getSQLState()).isEqualTo("HY000");
            assertThat(a.failure().orElseThrow().getMessage()).contains("audit trail cannot be written");
        });
        List<JsonNode> records = audit.records();
        List<Attempt> acknowledged = acknowledged(attempts);
        assertThat(missingFrom(records, acknowledged))
                .as("acknowledged statements without their statement record")
                .isEmpty();
        Set<String> texts = AuditDirectory.statementTexts(records);
        assertThat(refused).as("refused statements are not recorded").noneMatch(a -> texts.contains(a.sql()));
        Set<String> inserted = catalog.insertedMarkers();
        assertThat(acknowledged.stream().filter(Attempt::isInsert).map(Attempt::marker))
                .as("acknowledged INSERTs reached the backend")
                .allMatch(inserted::contains);
        assertThat(refused.stream().filter(Attempt::isInsert).map(Attempt::marker))
                .as("refused INSERTs never reached the backend")
                .noneMatch(inserted::contains);
        assertThat(withoutResult(records))
                .as("statements recorded before they ran, without the statement_result that follows")
                .isZero();
        assertIntactAndCheckpointedToTheEnd(records);
        assertThat(logLines("ERROR", "cannot be written")).hasSize(1);
        assertThat(logLines("INFO", "is writable again")).hasSize(1);
        System.out.printf(
                "AuditDurabilityIT: disk full, block mode: %d statements acknowledged, all recorded; %d refused"
                        + " (3164), none sent; every client ran statements again %d ms after the limit was lifted%n",
                acknowledged.size(),
                refused.size(),
                Duration.ofNanos(recoveredAt - liftedAt).toMillis());
    }

    @Test
    void diskFullInAsyncModeDropsRecordsCountedAndWarnedOnceAndTheChainStaysValid() throws Exception {
        FileSizeLimit.requirePrlimit();
        start("async");
        MarkedLoad load = MarkedLoad.start(CLIENTS, gateway.port(), catalog);
        assertThat(load.await(everyClientAcknowledged(10, Long.MIN_VALUE), PATIENCE))
                .as(load.summary())
                .isTrue();

        long pid = gateway.jvmPid();
        long limitedAt = System.nanoTime();
        FileSizeLimit.set(pid, audit.size() + HEADROOM);
        awaitDropped();
        Thread.sleep(1500);
        long liftedAt = System.nanoTime();
        FileSizeLimit.lift(pid);
        long writtenAgainAt = awaitRecordOfStatementSentAfter(load, liftedAt);
        assertThat(load.await(everyClientAcknowledged(10, writtenAgainAt), PATIENCE))
                .as(load.summary())
                .isTrue();
        load.close();
        double dropped = gateway.metric("grantgate_audit_dropped_total");
        gateway.stop();

        List<Attempt> attempts = load.attempts();
        assertThat(attempts.stream().filter(a -> !a.acknowledged()))
                .as("async mode never fails a statement")
                .isEmpty();
        List<JsonNode> records = audit.records();
        List<Attempt> missing = missingFrom(records, attempts);
        assertThat(missing).as("statements whose record was dropped").isNotEmpty();
        assertThat((double) missing.size()).isLessThanOrEqualTo(dropped);
        assertThat(missing)
                .as("records dropped only while the file could not grow")
                .allMatch(a -> a.answeredNanos() > limitedAt && a.sentNanos() < writtenAgainAt);
        assertIntactAndCheckpointedToTheEnd(records);
        assertThat(logLines("WARN", "cannot be written"))
                .as("one warning for the episode")
                .hasSize(1);
        assertThat(logLines("INFO", "is writable again")).hasSize(1);
        assertThat(logLines("WARN", "queue full")).isEmpty();
        System.out.printf(
                "AuditDurabilityIT: disk full, async mode: %d statements acknowledged, %d records dropped (%d of"
                        + " them statements), %d records written%n",
                attempts.size(), (long) dropped, missing.size(), records.size());
    }

    /** Lets the load run for at least {@code duration}, and until every client had a few statements answered. */
    private static void runFor(MarkedLoad load, Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        assertThat(load.await(
                        everyClientAcknowledged(10, Long.MIN_VALUE).and(a -> System.nanoTime() > until), PATIENCE))
                .as(load.summary())
                .isTrue();
    }

    private static Predicate<List<Attempt>> everyClientAcknowledged(int count, long sentAfter) {
        return attempts -> attempts.stream()
                        .filter(a -> a.acknowledged() && a.sentNanos() > sentAfter)
                        .collect(Collectors.groupingBy(Attempt::thread, Collectors.counting()))
                        .values()
                        .stream()
                        .filter(n -> n >= count)
                        .count()
                == CLIENTS;
    }

    private void awaitDropped() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (gateway.metric("grantgate_audit_dropped_total") == 0) {
            assertThat(System.nanoTime())
                    .as("records dropped once the file cannot grow; gateway output:\n%s", gateway.log())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** When a statement sent after {@code after} was found in the file: the writer writes again. */
    private long awaitRecordOfStatementSentAfter(MarkedLoad load, long after) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Set<String> texts = AuditDirectory.statementTexts(audit.records());
            long now = System.nanoTime();
            if (load.attempts().stream().anyMatch(a -> a.sentNanos() > after && texts.contains(a.sql()))) {
                return now;
            }
            assertThat(now)
                    .as("records written again once the file can grow; gateway output:\n%s", gateway.log())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** After a clean stop: the trail verifies, and the catalog's checkpoint is its last record, as the gateway said. */
    private void assertIntactAndCheckpointedToTheEnd(List<JsonNode> records) throws Exception {
        Optional<ChainHead> checkpoint = catalog.checkpoint(instance);
        AuditVerification verification = audit.verify(catalog.masterKey, checkpoint);
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(audit.partialBytes()).isZero();
        JsonNode last = records.getLast();
        assertThat(checkpoint).hasValueSatisfying(head -> {
            assertThat(head.seq())
                    .as("checkpointed seq")
                    .isEqualTo(last.path("seq").asLong());
            assertThat(head.macHex()).isEqualTo(last.path("mac").asText());
        });
        assertThat(verification.lastSeq()).isEqualTo(last.path("seq").asLong());
        assertThat(gateway.output())
                .as("the trail's own last word")
                .anyMatch(line -> line.endsWith(
                        "audit trail closed at seq " + last.path("seq").asLong()));
    }

    private static List<Attempt> acknowledged(List<Attempt> attempts) {
        return attempts.stream().filter(Attempt::acknowledged).toList();
    }

    /** The acknowledged ones among {@code attempts} whose statement record is not in {@code records}. */
    private static List<Attempt> missingFrom(List<JsonNode> records, List<Attempt> attempts) {
        Set<String> texts = AuditDirectory.statementTexts(records);
        return attempts.stream()
                .filter(Attempt::acknowledged)
                .filter(a -> !texts.contains(a.sql()))
                .toList();
    }

    private static long markedStatements(List<JsonNode> records) {
        return records.stream()
                .filter(r -> r.path("type").asText().equals("statement"))
                .filter(r -> r.path("text").asText().contains("'m-"))
                .count();
    }

    /** Each client's last statement failed: the gateway went while it ran them. */
    private static boolean lastAttemptsFailed(List<Attempt> attempts) {
        Map<Integer, Attempt> last = attempts.stream()
                .collect(Collectors.toMap(Attempt::thread, a -> a, (a, b) -> b.sentNanos() > a.sentNanos() ? b : a));
        return last.size() == CLIENTS && last.values().stream().noneMatch(Attempt::acknowledged);
    }

    /** Block-mode statement records (no outcome) with no statement_result after them. */
    private static long withoutResult(List<JsonNode> records) {
        Set<String> results = records.stream()
                .filter(r -> r.path("type").asText().equals("statement_result"))
                .map(r -> r.path("connection_id").asLong() + "/"
                        + r.path("command_number").asLong())
                .collect(Collectors.toSet());
        return records.stream()
                .filter(r -> r.path("type").asText().equals("statement") && !r.has("outcome"))
                .filter(r -> !results.contains(r.path("connection_id").asLong() + "/"
                        + r.path("command_number").asLong()))
                .count();
    }

    private List<String> logLines(String level, String text) {
        return gateway.output().stream()
                .filter(line -> line.contains(" " + level + " ") && line.contains(text))
                .toList();
    }
}
