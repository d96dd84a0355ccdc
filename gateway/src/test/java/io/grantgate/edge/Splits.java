package io.grantgate.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * How a test side of the relay cuts what it writes, so the gateway meets its reads in every shape:
 * a frame whole, one byte at a time (each followed by a pause, so that the gateway really reads
 * them one by one and not coalesced in the socket), or cut at places a seeded {@link Random} picks.
 * A random instance is stateful: each writing side has its own.
 */
abstract class Splits {

    /** Long enough for the gateway to take the byte before the next arrives, short enough for a test suite. */
    private static final long PAUSE_NANOS = 20_000;

    abstract void write(OutputStream out, byte[] bytes) throws IOException;

    /** By name, as the tests' parameters give it: "whole", "1-byte" or "random". */
    static Splits named(String kind, long seed) {
        return switch (kind) {
            case "whole" -> whole();
            case "1-byte" -> oneByte();
            case "random" -> random(seed);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Splits whole() {
        return new Splits() {
            @Override
            void write(OutputStream out, byte[] bytes) throws IOException {
                out.write(bytes);
                out.flush();
            }

            @Override
            public String toString() {
                return "whole";
            }
        };
    }

    static Splits oneByte() {
        return new Splits() {
            @Override
            void write(OutputStream out, byte[] bytes) throws IOException {
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
            }

            @Override
            public String toString() {
                return "1-byte";
            }
        };
    }

    /** Pieces of 1 to 4 bytes, up to 64, up to 4 KiB, or all the rest, in turns the seed decides; a pause after a third of them. */
    static Splits random(long seed) {
        Random random = new Random(seed);
        return new Splits() {
            @Override
            void write(OutputStream out, byte[] bytes) throws IOException {
                int offset = 0;
                while (offset < bytes.length) {
                    int piece = switch (random.nextInt(4)) {
                        case 0 -> 1 + random.nextInt(4);
                        case 1 -> 1 + random.nextInt(64);
                        case 2 -> 1 + random.nextInt(4096);
                        default -> bytes.length - offset;
                    };
                    piece = Math.min(piece, bytes.length - offset);
                    out.write(bytes, offset, piece);
                    out.flush();
                    offset += piece;
                    if (random.nextInt(3) == 0) {
                        LockSupport.parkNanos(PAUSE_NANOS);
                    }
                }
            }

            @Override
            public String toString() {
                return "random(seed " + seed + ")";
            }
        };
    }
}
