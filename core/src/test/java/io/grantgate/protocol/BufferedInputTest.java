package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BufferedInputTest {

    /** A source that hands out at most {@code piece} bytes a read and counts what it gave. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int piece;
        int taken;

        Trickle(String text, int piece) {
            this.bytes = new ByteArrayInputStream(text.getBytes());
            this.piece = piece;
        }

        @Override
        public int read() {
            throw new AssertionError("reads in pieces only");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = bytes.read(b, off, Math.min(len, piece));
            taken += Math.max(n, 0);
            return n;
        }

        @Override
        public int available() {
            return bytes.available();
        }
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n));
    }

    @Test
    void takingWhatIsBufferedReadsNothingMoreFromTheSource() throws IOException {
        Trickle source = new Trickle("abcdefghij", 4);
        BufferedInput in = new BufferedInput(source, 8);
        assertThat(read(in, 2)).isEqualTo("ab");

        assertThat(new String(in.takeBuffered())).isEqualTo("cd");
        assertThat(source.taken)
                .as("the rest stays in the source, for whoever reads it next")
                .isEqualTo(4);
        assertThat(in.takeBuffered()).isEmpty();
        assertThat(read(in, 6)).isEqualTo("efghij");
    }

    @Test
    void bytesPutBackComeFirstThenWhatWasBufferedThenTheSource() throws IOException {
        BufferedInput in = new BufferedInput(new Trickle("abcdefgh", 4), 8);
        assertThat(read(in, 1)).isEqualTo("a");

        in.unread("XY".getBytes());
        assertThat(in.available()).isEqualTo(2 + 3 + 4);
        assertThat(read(in, 9)).isEqualTo("XYbcdefgh");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aLargeReadBypassesTheBufferAndSmallOnesFillIt() throws IOException {
        Trickle source = new Trickle("0123456789abcdefghij", 100);
        BufferedInput in = new BufferedInput(source, 4);
        byte[] big = new byte[10];
        assertThat(in.read(big, 0, 10)).isEqualTo(10);
        assertThat(source.taken).isEqualTo(10);
        assertThat(in.read()).isEqualTo('a');
        assertThat(source.taken).as("one fill of the 4-byte buffer").isEqualTo(14);
        assertThat(new String(in.takeBuffered())).isEqualTo("bcd");
    }

    @Test
    void awaitBytesReadsOnlyWhenNothingIsBufferedAndLosesNothingToATimeout() throws IOException {
        // a source that times out once, as a socket with SO_TIMEOUT does, then delivers
        InputStream timesOutFirst = new InputStream() {
            private final InputStream rest = new Trickle("abcdef", 4);
            private boolean timedOut;

            @Override
            public int read() {
                throw new AssertionError("reads in pieces only");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!timedOut) {
                    timedOut = true;
                    throw new SocketTimeoutException("Read timed out");
                }
                return rest.read(b, off, len);
            }
        };
        BufferedInput in = new BufferedInput(timesOutFirst, 16);
        assertThatThrownBy(in::awaitBytes).isInstanceOf(SocketTimeoutException.class);
        assertThat(in.awaitBytes()).isTrue();
        assertThat(in.awaitBytes()).as("with bytes buffered, no read").isTrue();
        assertThat(read(in, 6)).isEqualTo("abcdef");
        assertThat(in.awaitBytes()).as("at the end of the source").isFalse();
    }
}
