package io.grantgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.testing.FuzzInput;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseTracker} on a backend's bytes: one tracker, as one backend connection has, fed
 * commands and the frames that follow each, as a relay feeds it. Whatever the backend sends, the
 * tracker answers a step or throws {@link MalformedPacketException}; used as documented it never
 * throws anything else, and each step consumes a frame, so it terminates with its input.
 *
 * <p>Input: a mode byte, the negotiated capabilities as int&lt;8&gt;, then per command its code and
 * its frames. In wire mode (bit 0 clear) a frame is a header and as much of its payload as the
 * input holds, the layout of the recorded exchanges; in compact mode a frame is a header and at most
 * the {@link ResponseTracker#PREFIX_LENGTH} bytes the tracker reads, so the fuzzer can announce
 * frames of 16 MiB, and their continuations, without sending them.
 */
class ResponseTrackerFuzzTest {

    @FuzzTest
    void responses(byte[] data) {
        FuzzInput input = new FuzzInput(data);
        boolean compact = (input.int1() & 1) != 0;
        ResponseTracker tracker = new ResponseTracker(new Capabilities(input.int8()));
        // the misuse checks throw, which costs a stack trace: once per input is enough
        boolean refusalChecked = false;
        boolean misuseChecked = false;
        while (input.hasRemaining()) {
            Optional<CommandType> command = CommandType.fromCode(input.int1());
            if (command.isEmpty()) {
                continue;
            }
            if (!ResponseTracker.canTrack(command.get())) {
                if (!refusalChecked) {
                    assertThrows(IllegalArgumentException.class, () -> tracker.begin(command.get()));
                    refusalChecked = true;
                }
                continue;
            }
            ResponseTracker.Next next = tracker.begin(command.get());
            assertEquals(ResponseTracker.answered(command.get()), next != ResponseTracker.Next.DONE);
            try {
                next = relay(tracker, next, input, compact);
            } catch (MalformedPacketException e) {
                return; // the relay closes the backend connection
            }
            if (next != ResponseTracker.Next.DONE) {
                return; // the response was cut: the connection is gone
            }
            checkSummary(tracker.summary());
            if (!misuseChecked) {
                assertThrows(IllegalStateException.class, () -> tracker.onServerPacket(new byte[1], 0, 1, 1));
                misuseChecked = true;
            }
        }
    }

    /** Feeds frames while the tracker wants them and the input has them; returns the last step. */
    private static ResponseTracker.Next relay(
            ResponseTracker tracker, ResponseTracker.Next next, FuzzInput input, boolean compact)
            throws MalformedPacketException {
        while (next != ResponseTracker.Next.DONE && input.remaining() >= PacketHeader.SIZE) {
            int frameLength = PacketHeader.lengthAt(input.data(), input.position());
            input.skip(PacketHeader.SIZE);
            int stored = Math.min(frameLength, compact ? ResponseTracker.PREFIX_LENGTH : frameLength);
            int offset = input.position();
            int available = Math.min(stored, input.remaining());
            input.skip(stored);
            if (next == ResponseTracker.Next.CLIENT) {
                next = tracker.onClientFrame(frameLength);
                continue;
            }
            if (available < Math.min(frameLength, ResponseTracker.PREFIX_LENGTH)) {
                return next; // the stream ended inside the frame
            }
            next = tracker.onServerFrame(frameLength, input.data(), offset, available);
        }
        return next;
    }

    private static void checkSummary(ResponseSummary summary) {
        assertTrue(summary.resultSets() <= summary.results(), "result sets are results");
        assertTrue(summary.rows() >= 0, "rows");
        assertEquals(summary.failed(), summary.errorCode() >= 0);
        assertEquals(summary.failed() ? 5 : 0, summary.sqlState().length(), "SQLSTATE");
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    /** Every recorded exchange, as the backend and the client sent it. */
    static List<Seed> seeds() {
        return ExchangeFixture.all()
                .map(fixture -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(0); // wire mode
                    for (int i = 0; i < 8; i++) {
                        out.write((int) (fixture.capabilities().bits() >>> (8 * i)));
                    }
                    out.write(fixture.command().code());
                    fixture.frames().forEach(frame -> out.writeBytes(frame.bytes()));
                    return new Seed("responses", fixture.name(), out.toByteArray());
                })
                .toList();
    }
}
