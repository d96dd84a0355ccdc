package io.grantgate.bench.netfuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one real client sent the gateway on one connection, as the recording proxy saw it. Stored as
 * {@code <name>.session}: the magic {@code GGNF}, a version byte, then per piece its phase (one byte),
 * its length (4 bytes, big-endian) and its bytes.
 */
public record SessionRecording(String name, List<RecordedPacket> packets) {

    static final String SUFFIX = ".session";
    private static final byte[] MAGIC = {'G', 'G', 'N', 'F'};
    private static final int VERSION = 1;
    /** No recorded piece is anywhere near this; a larger length means the file is damaged. */
    private static final int MAX_PIECE = 1 << 24;

    public SessionRecording {
        packets = List.copyOf(packets);
    }

    /** Whether the client asked for TLS: everything after its SSLRequest is ciphertext. */
    public boolean tls() {
        return packets.stream().anyMatch(p -> p.phase() == Phase.TLS);
    }

    /** The recorded HandshakeResponse41, which a replay can sign afresh; null for an SSLRequest or none. */
    byte[] handshakeResponse() {
        if (packets.isEmpty() || packets.getFirst().phase() != Phase.LOGIN) {
            return null;
        }
        byte[] first = packets.getFirst().bytes();
        return Wire.isSslRequest(first) ? null : first;
    }

    public void write(Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            for (RecordedPacket packet : packets) {
                out.writeByte(packet.phase().code());
                out.writeInt(packet.bytes().length);
                out.write(packet.bytes());
            }
        }
        Files.write(directory.resolve(name + SUFFIX), bytes.toByteArray());
    }

    public static SessionRecording read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(stream)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || in.readUnsignedByte() != VERSION) {
                throw new IOException(file + " is not a version " + VERSION + " session recording");
            }
            List<RecordedPacket> packets = new ArrayList<>();
            while (true) {
                int phase = in.read();
                if (phase < 0) {
                    return new SessionRecording(name, packets);
                }
                int length = in.readInt();
                if (length < 0 || length > MAX_PIECE) {
                    throw new IOException(file + ": a piece of " + length + " bytes");
                }
                byte[] piece = new byte[length];
                try {
                    in.readFully(piece);
                } catch (EOFException e) {
                    throw new IOException(file + " ends inside a piece", e);
                }
                packets.add(new RecordedPacket(Phase.of(phase), piece));
            }
        }
    }

    /** Every {@code *.session} of a directory, by name. */
    public static List<SessionRecording> readAll(Path directory) throws IOException {
        List<SessionRecording> all = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList()) {
                all.add(read(file));
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no *" + SUFFIX + " recordings in " + directory);
        }
        return all;
    }
}
