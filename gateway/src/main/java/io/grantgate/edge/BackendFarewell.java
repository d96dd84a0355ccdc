package io.grantgate.edge;

import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.message.server.ErrPacket;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a backend sent on an idle connection before it closed it. A server sends nothing unasked but
 * this: MariaDB 11.4 sends nothing at all (its KILL shuts the socket down, its {@code wait_timeout}
 * resets it), MySQL 8.0.24 and later one ERR at sequence id 0 (4031 after {@code wait_timeout}). A
 * client talking to the backend directly reads that ERR where it expected the response to its next
 * command, so the gateway passes it on as it came, and only that: anything else is not a packet a
 * client could make sense of.
 *
 * <p>Collected as it arrives, in pieces; complete once it holds a whole packet, or more bytes than
 * an ERR can take. Not thread-safe: confined to the thread that reads the backend.
 */
final class BackendFarewell {

    /** An ERR's header, code, SQLSTATE and a message of MySQL's 512 characters, at up to 3 bytes each. */
    static final int MAX_LENGTH = PacketHeader.SIZE + 1 + 2 + 6 + 512 * 3;

    private final byte[] bytes = new byte[MAX_LENGTH];
    private int length;
    private boolean overflowed;

    /** Takes the next bytes the backend sent; true once nothing more is worth waiting for. */
    boolean add(byte[] source, int offset, int count) {
        int room = Math.min(count, MAX_LENGTH - length);
        System.arraycopy(source, offset, bytes, length, room);
        length += room;
        overflowed |= room < count;
        return complete();
    }

    /** A whole packet is here, or more than an ERR can be. */
    boolean complete() {
        return overflowed || wholePacket() > 0;
    }

    /** Whether the backend sent anything at all. */
    boolean isEmpty() {
        return length == 0;
    }

    /** The bytes to pass on to the client: its first packet, if that is a whole ERR at sequence id 0. */
    Optional<byte[]> relayable() {
        int packet = wholePacket();
        if (packet == 0 || bytes[PacketHeader.SIZE - 1] != 0 || (bytes[PacketHeader.SIZE] & 0xFF) != ErrPacket.HEADER) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(bytes, packet));
    }

    /** The length of the first packet, header included, once all of it is here (an empty one never counts); else 0. */
    private int wholePacket() {
        if (length < PacketHeader.SIZE) {
            return 0;
        }
        int payload = PacketHeader.lengthAt(bytes, 0);
        return payload > 0 && length >= PacketHeader.SIZE + payload ? PacketHeader.SIZE + payload : 0;
    }
}
