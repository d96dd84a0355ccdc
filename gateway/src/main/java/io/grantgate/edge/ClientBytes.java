package io.grantgate.edge;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * What a relay loop reads from and writes to a client, non-blocking: the socket channel itself for
 * plain TCP ({@link Plain}, no copy and no buffer of its own), or TLS over it ({@link ClientTls}).
 * Reads and writes carry the protocol's bytes, in plaintext.
 *
 * <p>Threading: confined to the loop's thread while the session is on it.
 */
interface ClientBytes {

    /** Reads into {@code bytes[offset, offset + length)}: the count, 0 when nothing is here yet, -1 at the end. */
    int read(byte[] bytes, int offset, int length) throws IOException;

    /** Writes from {@code bytes[offset, offset + length)} what the socket takes now: the count taken. */
    int write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Writes what an earlier write took but could not send yet (TLS records); true when nothing is
     * left, false when the socket is full and its turn to write must be awaited.
     */
    boolean flush() throws IOException;

    /** Whether bytes taken by a write are still waiting for the socket: the session waits to write. */
    boolean outputPending();

    /**
     * Whether a read would give bytes without the socket being readable: bytes read off the socket
     * earlier that the caller had no room for (TLS keeps them decrypted or as whole records), which
     * the selector does not report.
     */
    boolean inputBuffered();

    /** The socket under it, which the loop's selector watches. */
    SocketChannel channel();

    /** Plain TCP: the socket channel's own reads and writes; nothing is ever buffered here. */
    record Plain(SocketChannel channel) implements ClientBytes {

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return channel.read(java.nio.ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public int write(byte[] bytes, int offset, int length) throws IOException {
            return channel.write(java.nio.ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public boolean outputPending() {
            return false;
        }

        @Override
        public boolean inputBuffered() {
            return false;
        }
    }
}
