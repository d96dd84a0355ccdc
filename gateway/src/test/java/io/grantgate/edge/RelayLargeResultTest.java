package io.grantgate.edge;

import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_DEPRECATE_EOF;
import static io.grantgate.protocol.constant.CapabilityFlag.CLIENT_PROTOCOL_41;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.edge.RelayHarness.RelayPath;
import io.grantgate.protocol.Hex;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CommandType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Responses far larger than the relay's buffers: the relay passes them on as the client takes them
 * and holds no more than a buffer's worth itself, so a client that does not read stops the backend
 * (the backend's socket fills) instead of filling the gateway's memory.
 */
@Timeout(60)
class RelayLargeResultTest {

    private static final Capabilities CAPABILITIES = Capabilities.of(CLIENT_PROTOCOL_41, CLIENT_DEPRECATE_EOF);
    private static final byte[] SELECT =
            Wire.frame(0, RelayFixtures.payload(CommandType.COM_QUERY, "SELECT a FROM big"));
    private static final int SOCKET_BUFFER = 64 * 1024;
    /** Four socket buffers (the kernel doubles each size asked for) and the relay's own buffers, with room to spare. */
    private static final long IN_FLIGHT_AT_MOST = 2 << 20;

    static final List<RelayPath> PATHS =
            List.of(RelayPath.THREAD, RelayPath.LOOP, RelayPath.THREAD_TLS, RelayPath.LOOP_TLS);

    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aClientThatDoesNotReadStopsTheBackendAndThenGetsEveryRowIntact(RelayPath path) throws Exception {
        byte[] response = result(1024, 8 * 1024); // 8 MiB of rows
        try (RelayHarness relay = RelayHarness.withSocketBuffers(path, CAPABILITIES, SOCKET_BUFFER)) {
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> backend = answer(relay, response, written);
            relay.client().getOutputStream().write(SELECT);

            long stalled = awaitStall(written);
            assertThat(stalled)
                    .as("bytes the backend could write while the client read none")
                    .isLessThan(IN_FLIGHT_AT_MOST)
                    .isLessThan(response.length);

            assertThat(readSlowly(relay.client().getInputStream(), response.length))
                    .isEqualTo(response);
            backend.get(10, TimeUnit.SECONDS);
            quit(relay);
        }
    }

    /** A row over 16 MiB crosses as its frames: a full one of 2^24 - 1 bytes and the one that continues it. */
    @ParameterizedTest(name = "{0} path")
    @FieldSource("PATHS")
    void aRowOverSixteenMebibytesCrossesAsItsFrames(RelayPath path) throws Exception {
        byte[] response = result(1, PacketHeader.MAX_PAYLOAD_LENGTH + 100);
        try (RelayHarness relay = RelayHarness.start(path, CAPABILITIES)) {
            CompletableFuture<Void> backend = answer(relay, response, new AtomicLong());
            relay.client().getOutputStream().write(SELECT);

            Wire.expect(relay.client().getInputStream(), response, "the response");
            backend.get(10, TimeUnit.SECONDS);
            quit(relay);
        }
    }

    /** The backend: reads the SELECT, then writes the response in 64 KiB pieces, counting what the socket took. */
    private static CompletableFuture<Void> answer(RelayHarness relay, byte[] response, AtomicLong written) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        Wire.expect(relay.backend().getInputStream(), SELECT, "the SELECT");
                        OutputStream out = relay.backend().getOutputStream();
                        for (int offset = 0; offset < response.length; offset += 64 * 1024) {
                            int piece = Math.min(64 * 1024, response.length - offset);
                            out.write(response, offset, piece);
                            written.addAndGet(piece);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                task -> Thread.ofPlatform().daemon(true).start(task));
    }

    /** Waits until the backend has written nothing for 200 ms; returns how much it wrote by then. */
    private static long awaitStall(AtomicLong written) {
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            long now = written.get();
            if (now == last) {
                return now;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError("the backend never stopped writing: " + written.get() + " bytes");
    }

    /** Reads in 16 KiB pieces with a pause after each, as a client busy with every row might. */
    private static byte[] readSlowly(InputStream in, int length) throws java.io.IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream(length);
        byte[] piece = new byte[16 * 1024];
        int pieces = 0;
        while (read.size() < length) {
            int n = in.read(piece, 0, Math.min(piece.length, length - read.size()));
            if (n < 0) {
                break;
            }
            read.write(piece, 0, n);
            if (++pieces % 8 == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return read.toByteArray();
    }

    private static void quit(RelayHarness relay) throws Exception {
        relay.client().getOutputStream().write(RelayStep.QUIT);
        assertThat(relay.awaitEnding()).isEqualTo(new CommandLoop.Ending.Closed("client quit"));
        assertThat(relay.releases()).containsExactly(BackendLease.Ending.SCHEMA_KEPT);
        relay.assertNothingMore();
    }

    /**
     * A text result of one column: its count, its definition, {@code rows} rows of one value each
     * ({@code rowLength} bytes a row, with the value's length prefix), then the OK that ends it.
     */
    static byte[] result(int rows, int rowLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sequenceId = 1;
        sequenceId = frame(out, sequenceId, Hex.bytes("01"));
        sequenceId = frame(
                out, sequenceId, Hex.bytes("03 64 65 66 00 00 00 01 61 00 0c 21 00 ff ff ff ff fc 00 00 00 00 00"));
        byte[] row = new byte[rowLength];
        Arrays.fill(row, (byte) 'r');
        // the value's length as an int<lenenc>: 0xFC and 2 bytes, or 0xFE and 8 for a value of 16 MiB or more
        int prefix = rowLength - 3 < 1 << 16 ? 3 : 9;
        long value = rowLength - prefix;
        row[0] = (byte) (prefix == 3 ? 0xfc : 0xfe);
        for (int i = 1; i < prefix; i++) {
            row[i] = (byte) (value >>> 8 * (i - 1));
        }
        for (int i = 0; i < rows; i++) {
            row[prefix] = (byte) i; // rows differ: one lost or doubled shows
            sequenceId = frame(out, sequenceId, row);
        }
        frame(out, sequenceId, Hex.bytes("fe 00 00 02 00 00 00"));
        return out.toByteArray();
    }

    /** Writes a packet as its frames (two or more when over 16 MiB); returns the next sequence id. */
    private static int frame(ByteArrayOutputStream out, int sequenceId, byte[] payload) {
        int offset = 0;
        while (true) {
            int length = Math.min(PacketHeader.MAX_PAYLOAD_LENGTH, payload.length - offset);
            out.writeBytes(Wire.frame(sequenceId, Arrays.copyOfRange(payload, offset, offset + length)));
            sequenceId = PacketHeader.next(sequenceId);
            offset += length;
            if (length < PacketHeader.MAX_PAYLOAD_LENGTH) {
                return sequenceId;
            }
        }
    }
}
