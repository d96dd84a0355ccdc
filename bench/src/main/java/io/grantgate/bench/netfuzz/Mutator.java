package io.grantgate.bench.netfuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a session's plan from its seed alone: the same seed and corpus give the same plan, so a
 * finding replays from the seed it prints.
 */
final class Mutator {

    /** One session in this many is replayed without any mutation (a check that replays work at all). */
    private static final int UNMUTATED_ONE_IN = 20;
    /** One in this many replays its recorded login rather than logging in for real. */
    private static final int RECORDED_LOGIN_ONE_IN = 4;
    /** Stalls in the handshake cost the gateway's handshake timeout each: rare. */
    private static final int HANDSHAKE_STALL_ONE_IN = 8;

    private static final int MAX_EXTRA_MUTATIONS = 2;
    private static final int MAX_BIT_FLIPS = 8;
    private static final int MAX_BYTES_INSERTED_OR_DELETED = 16;
    private static final int MAX_REPEATS = 3;
    private static final int MIN_STALL_MILLIS = 20;
    private static final int MAX_STALL_MILLIS = 250;

    private final List<SessionRecording> corpus;

    Mutator(List<SessionRecording> corpus) {
        this.corpus = List.copyOf(corpus);
    }

    /** The seed of session {@code index} of a run: SplitMix64 of the two, so neighbours differ in every bit. */
    static long sessionSeed(long runSeed, long index) {
        long z = runSeed + (index + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    SessionPlan plan(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SessionRecording recording = corpus.get(random.nextInt(corpus.size()));
        byte[] recordedLogin = recording.handshakeResponse();
        HandshakeResponse login = recordedLogin == null ? null : HandshakeResponse.parse(recordedLogin);
        if (login != null && random.nextInt(RECORDED_LOGIN_ONE_IN) == 0) {
            login = null;
        }
        List<Part> parts = new ArrayList<>();
        for (RecordedPacket packet : recording.packets()) {
            if (login != null && packet.phase() == Phase.LOGIN) {
                continue; // the real login replaces it
            }
            parts.add(
                    login != null && packet.phase() == Phase.CHANGE_USER_AUTH
                            ? new Part.ChangeUserReply()
                            : new Part.Bytes(packet.bytes().clone()));
        }
        Delivery delivery = Delivery.plain(random.nextLong());
        List<String> applied = new ArrayList<>();
        int count = random.nextInt(UNMUTATED_ONE_IN) == 0 ? 0 : 1 + random.nextInt(MAX_EXTRA_MUTATIONS + 1);
        for (int i = 0; i < count; i++) {
            Mutation mutation = pick(random, login != null);
            delivery = apply(mutation, random, parts, delivery, applied);
        }
        return new SessionPlan(seed, recording.name(), login, applied, parts, delivery);
    }

    private static Mutation pick(SplittableRandom random, boolean authenticated) {
        Mutation[] all = Mutation.values();
        while (true) {
            Mutation mutation = all[random.nextInt(all.length)];
            if (mutation != Mutation.HANDSHAKE_STALL) {
                return mutation;
            }
            if (!authenticated && random.nextInt(HANDSHAKE_STALL_ONE_IN) == 0) {
                return mutation;
            }
        }
    }

    private static Delivery apply(
            Mutation mutation, SplittableRandom random, List<Part> parts, Delivery delivery, List<String> applied) {
        String detail = "";
        switch (mutation) {
            case BIT_FLIP -> {
                int flips = 1 + random.nextInt(MAX_BIT_FLIPS);
                for (int i = 0; i < flips; i++) {
                    Located at = locate(random, parts);
                    if (at != null) {
                        at.data()[at.offset()] ^= (byte) (1 << random.nextInt(Byte.SIZE));
                    }
                }
                detail = "*" + flips;
            }
            case INSERT_BYTES -> {
                int n = 1 + random.nextInt(MAX_BYTES_INSERTED_OR_DELETED);
                byte[] inserted = new byte[n];
                switch (random.nextInt(3)) {
                    case 0 -> Arrays.fill(inserted, (byte) 0);
                    case 1 -> Arrays.fill(inserted, (byte) 0xFF);
                    default -> random.nextBytes(inserted);
                }
                int index = randomBytesIndex(random, parts);
                if (index >= 0) {
                    byte[] data = ((Part.Bytes) parts.get(index)).data();
                    int at = random.nextInt(data.length + 1);
                    byte[] grown = new byte[data.length + n];
                    System.arraycopy(data, 0, grown, 0, at);
                    System.arraycopy(inserted, 0, grown, at, n);
                    System.arraycopy(data, at, grown, at + n, data.length - at);
                    parts.set(index, new Part.Bytes(grown));
                }
                detail = "*" + n;
            }
            case DELETE_BYTES -> {
                int index = randomBytesIndex(random, parts);
                if (index >= 0) {
                    byte[] data = ((Part.Bytes) parts.get(index)).data();
                    int n = Math.min(data.length, 1 + random.nextInt(MAX_BYTES_INSERTED_OR_DELETED));
                    int at = random.nextInt(data.length - n + 1);
                    byte[] shrunk = new byte[data.length - n];
                    System.arraycopy(data, 0, shrunk, 0, at);
                    System.arraycopy(data, at + n, shrunk, at, data.length - at - n);
                    parts.set(index, new Part.Bytes(shrunk));
                    detail = "*" + n;
                }
            }
            case CUT -> {
                long total = totalBytes(parts);
                long keep = total == 0 ? 0 : random.nextLong(total);
                cut(parts, keep);
                detail = "@" + keep;
            }
            case REPEAT_PACKET -> {
                if (!parts.isEmpty()) {
                    int index = random.nextInt(parts.size());
                    int times = 1 + random.nextInt(MAX_REPEATS);
                    for (int i = 0; i < times; i++) {
                        parts.add(index + 1, copy(parts.get(index)));
                    }
                    detail = "#" + index + "*" + times;
                }
            }
            case REORDER_PACKETS -> {
                if (parts.size() > 1) {
                    int a = random.nextInt(parts.size());
                    int b = random.nextInt(parts.size());
                    Part moved = parts.get(a);
                    parts.set(a, parts.get(b));
                    parts.set(b, moved);
                    detail = "#" + a + "<>#" + b;
                }
            }
            case DROP_PACKET -> {
                if (!parts.isEmpty()) {
                    int index = random.nextInt(parts.size());
                    parts.remove(index);
                    detail = "#" + index;
                }
            }
            case CORRUPT_LENGTH -> {
                int index = randomFrameIndex(random, parts);
                if (index >= 0) {
                    byte[] frame = ((Part.Bytes) parts.get(index)).data();
                    int length = Wire.payloadLength(frame, 0);
                    int corrupt = switch (random.nextInt(6)) {
                        case 0 -> 0;
                        case 1 -> Math.max(0, length - 1);
                        case 2 -> length + 1;
                        case 3 -> Wire.MAX_PAYLOAD_LENGTH;
                        case 4 -> random.nextInt(Wire.MAX_PAYLOAD_LENGTH);
                        default -> length ^ (1 << random.nextInt(24));
                    };
                    Wire.writeHeader(frame, corrupt & Wire.MAX_PAYLOAD_LENGTH, Wire.sequenceId(frame));
                    detail = "#" + index + ":" + length + "->" + (corrupt & Wire.MAX_PAYLOAD_LENGTH);
                }
            }
            case CORRUPT_SEQUENCE_ID -> {
                int index = randomFrameIndex(random, parts);
                if (index >= 0) {
                    byte[] frame = ((Part.Bytes) parts.get(index)).data();
                    int sequenceId = random.nextInt(Wire.SEQUENCE_ID_MASK + 1);
                    detail = "#" + index + ":" + Wire.sequenceId(frame) + "->" + sequenceId;
                    frame[3] = (byte) sequenceId;
                }
            }
            case ONE_BYTE_WRITES -> delivery = delivery.withOneByteWrites();
            case STALL -> {
                int millis = MIN_STALL_MILLIS + random.nextInt(MAX_STALL_MILLIS - MIN_STALL_MILLIS);
                double at = random.nextDouble();
                delivery = delivery.withStall(at, millis);
                detail = String.format("@%.2f:%dms", at, millis);
            }
            case RESET -> {
                double at = random.nextDouble();
                delivery = delivery.withEnding(Ending.RESET, at);
                detail = String.format("@%.2f", at);
            }
            case CLOSE_EARLY -> {
                double at = random.nextDouble();
                delivery = delivery.withEnding(Ending.CLOSE, at);
                detail = String.format("@%.2f", at);
            }
            case HANDSHAKE_STALL -> {
                // inside the first frame: the login, or for a TLS recording the SSLRequest
                byte[] first = parts.isEmpty() ? new byte[0] : ((Part.Bytes) parts.getFirst()).data();
                long total = Math.max(1, totalBytes(parts));
                double at = first.length == 0 ? 0 : random.nextInt(first.length) / (double) total;
                delivery = delivery.withEnding(Ending.STALL_IN_HANDSHAKE, at);
                detail = String.format("@%.3f", at);
            }
        }
        applied.add(mutation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + detail);
        return delivery;
    }

    private static Part copy(Part part) {
        return part instanceof Part.Bytes bytes ? new Part.Bytes(bytes.data().clone()) : part;
    }

    private record Located(byte[] data, int offset) {}

    /** A byte anywhere in the parts, each byte equally likely. */
    private static Located locate(SplittableRandom random, List<Part> parts) {
        long total = totalBytes(parts);
        if (total == 0) {
            return null;
        }
        long target = random.nextLong(total);
        for (Part part : parts) {
            if (part instanceof Part.Bytes bytes) {
                if (target < bytes.data().length) {
                    return new Located(bytes.data(), (int) target);
                }
                target -= bytes.data().length;
            }
        }
        return null;
    }

    private static int randomBytesIndex(SplittableRandom random, List<Part> parts) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Part.Bytes) {
                candidates.add(i);
            }
        }
        return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
    }

    /** A part that still has a whole header to corrupt. */
    private static int randomFrameIndex(SplittableRandom random, List<Part> parts) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Part.Bytes bytes && bytes.data().length >= Wire.HEADER_LENGTH) {
                candidates.add(i);
            }
        }
        return candidates.isEmpty() ? -1 : candidates.get(random.nextInt(candidates.size()));
    }

    static long totalBytes(List<Part> parts) {
        long total = 0;
        for (Part part : parts) {
            if (part instanceof Part.Bytes bytes) {
                total += bytes.data().length;
            }
        }
        return total;
    }

    private static void cut(List<Part> parts, long keep) {
        long seen = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Part.Bytes bytes) {
                if (seen + bytes.data().length > keep) {
                    parts.set(i, new Part.Bytes(Arrays.copyOf(bytes.data(), (int) (keep - seen))));
                    parts.subList(i + 1, parts.size()).clear();
                    return;
                }
                seen += bytes.data().length;
            }
        }
    }
}
