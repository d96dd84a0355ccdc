package io.grantgate.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The per-command decision on a client's bytes: {@link CommandTriage#decide} and the KILL parser it
 * runs on every COM_QUERY. Neither may throw, whatever the client sent; both read only the
 * payload's bytes, so the same payload decides the same inside a larger reused buffer; a KILL is
 * recognised only where the text says KILL; and the ids of a multi-statement's KILLs are where
 * they say, so a rewrite replaces only their digits.
 */
class CommandTriageFuzzTest {

    /** Input: a COM_QUERY's SQL text, after the command byte. */
    @FuzzTest
    void killStatement(byte[] sql) {
        byte[] payload = new byte[1 + sql.length];
        payload[0] = (byte) CommandType.COM_QUERY.code();
        System.arraycopy(sql, 0, payload, 1, sql.length);
        KillStatement alone = KillStatement.parse(payload, 0, payload.length);
        assertNotNull(alone);
        assertEquals(alone, KillStatement.parse(embedded(payload), 3, payload.length), "inside a larger buffer");
        String text = new String(sql, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        switch (alone) {
            case KillStatement.Kill kill -> {
                assertTrue(text.contains("KILL"), "a KILL without the word");
                switch (kill.target()) {
                    case KillTarget.ConnectionId id ->
                        assertTrue(text.contains(Long.toString(id.id())), "a KILL of an id not in the text");
                    case KillTarget.Itself itself ->
                        assertTrue(text.contains("CONNECTION_ID"), "a KILL of itself without CONNECTION_ID");
                }
            }
            case KillStatement.InBatch batch -> {
                assertTrue(text.contains("KILL"), "a batch of KILLs without the word");
                assertTrue(text.contains(";"), "a batch of one statement");
                for (KillId id : batch.ids()) {
                    assertIdAt(payload, id);
                }
            }
            case KillStatement.Unsupported unsupported -> {
                assertTrue(text.contains("KILL"), "an unsupported KILL without the word");
                assertTrue(unsupported.text().length() <= 100, "the refusal quotes at most 100 characters");
            }
            case KillStatement.ForBackend forBackend -> {}
        }
    }

    /** The id's digits are in the payload where it says, and a rewrite with the same id gives the payload back. */
    private static void assertIdAt(byte[] payload, KillId id) {
        assertTrue(id.offset() > 0 && id.offset() + id.length() <= payload.length, "an id outside the payload");
        assertEquals(
                Long.toString(id.id()),
                new String(payload, id.offset(), id.length(), StandardCharsets.ISO_8859_1).replaceFirst("^0+(?=.)", ""),
                "the digits at the id's place");
    }

    /** Input: a whole command payload, command byte first. */
    @FuzzTest
    void decide(byte[] payload) {
        Triage alone = CommandTriage.decide(payload, 0, payload.length);
        assertNotNull(alone);
        assertEquals(alone, CommandTriage.decide(embedded(payload), 3, payload.length), "inside a larger buffer");
        if (alone instanceof Triage.Relay relay) {
            assertTrue(ResponseTracker.canTrack(relay.type()), "relayed without a tracker: " + relay.type());
        }
        if (alone instanceof Triage.Kill) {
            int command = payload[0] & 0xFF;
            assertTrue(command == CommandType.COM_QUERY.code() || command == CommandType.COM_PROCESS_KILL.code());
        }
        if (alone instanceof Triage.KillsInBatch batch) {
            assertEquals(CommandType.COM_QUERY.code(), payload[0] & 0xFF);
            for (KillId id : batch.ids()) {
                assertIdAt(payload, id);
            }
            assertArrayEquals(
                    payload, batch.rewrite(embedded(payload), 3, payload.length, x -> x), "a rewrite to the same ids");
        }
    }

    /** The payload at offset 3 of a relay's reused buffer, with stale bytes before and after it. */
    private static byte[] embedded(byte[] payload) {
        byte[] buffer = new byte[3 + payload.length + 16];
        Arrays.fill(buffer, (byte) '7');
        System.arraycopy(payload, 0, buffer, 3, payload.length);
        return buffer;
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        String[] statements = {
            "KILL 42",
            "kill query 7;",
            "/* pool */ KILL CONNECTION 12 -- cancel\n",
            "KILL HARD QUERY 5",
            "KILL USER bob",
            "KILL QUERY ID 9",
            "/*!50000 KILL 1 */",
            "# comment\nKILL\t3",
            "SELECT 1",
            "KILL 1234567890123456789",
            "killer 1",
            "KILL CONNECTION_ID()",
            "KILL QUERY CONNECTION_ID ( ) ;",
            "SELECT 'a;b'; KILL 1000000007; kill query 12 -- x\n;KILL @v",
            "KILL 5; SELECT \"KILL 6;\"",
            "SELECT `;` /* ; */ # ;\n; KILL USER x",
            "KILL (SELECT 5)"
        };
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < statements.length; i++) {
            byte[] sql = statements[i].getBytes(StandardCharsets.UTF_8);
            seeds.add(new Seed("killStatement", "sql-" + i, sql));
            byte[] query = new byte[1 + sql.length];
            query[0] = (byte) CommandType.COM_QUERY.code();
            System.arraycopy(sql, 0, query, 1, sql.length);
            seeds.add(new Seed("decide", "query-" + i, query));
        }
        seeds.add(new Seed("decide", "process-kill", new byte[] {0x0C, 4, 3, 2, 1}));
        seeds.add(new Seed("decide", "process-kill-short", new byte[] {0x0C, 1}));
        seeds.add(new Seed("decide", "quit", new byte[] {0x01}));
        seeds.add(new Seed("decide", "change-user", new byte[] {0x11, 'u', 0}));
        seeds.add(new Seed("decide", "binlog-dump", new byte[] {0x12, 0, 0, 0, 0}));
        seeds.add(new Seed("decide", "stmt-execute", new byte[] {0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0}));
        seeds.add(new Seed("decide", "unknown-code", new byte[] {0x7E}));
        return seeds;
    }
}
