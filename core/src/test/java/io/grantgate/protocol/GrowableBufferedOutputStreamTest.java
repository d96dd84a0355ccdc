package io.grantgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowableBufferedOutputStreamTest {

    /** Records each write that reaches the underlying stream. */
    private static final class Recorder extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            bytes.write(b);
            writes.add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes.add(len);
        }
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void smallWritesStayInASmallBufferUntilFlush() throws IOException {
        Recorder sink = new Recorder();
        GrowableBufferedOutputStream out = new GrowableBufferedOutputStream(sink, 16, 64);
        out.write(pattern(10, 0));
        out.write(7);
        assertThat(sink.writes).isEmpty();
        assertThat(out.capacity()).isEqualTo(16);
        out.flush();
        assertThat(sink.writes).containsExactly(11);
        assertThat(out.capacity()).as("no growth was needed").isEqualTo(16);
    }

    @Test
    void growsByDoublingUpToTheMaximumThenDrains() throws IOException {
        Recorder sink = new Recorder();
        GrowableBufferedOutputStream out = new GrowableBufferedOutputStream(sink, 16, 64);
        out.write(pattern(20, 1));
        assertThat(out.capacity()).isEqualTo(32);
        out.write(pattern(30, 2));
        assertThat(out.capacity()).isEqualTo(64);
        assertThat(sink.writes).isEmpty();
        out.write(pattern(30, 3)); // 80 > 64: what is buffered goes first
        assertThat(sink.writes).containsExactly(50);
        out.flush();
        assertThat(sink.bytes.toByteArray()).isEqualTo(concat(pattern(20, 1), pattern(30, 2), pattern(30, 3)));
    }

    @Test
    void aWriteAsLargeAsTheMaximumBypassesTheBufferInOrder() throws IOException {
        Recorder sink = new Recorder();
        GrowableBufferedOutputStream out = new GrowableBufferedOutputStream(sink, 16, 64);
        out.write(pattern(4, 9));
        out.write(pattern(64, 5));
        assertThat(sink.writes).containsExactly(4, 64);
        assertThat(out.capacity()).isEqualTo(16);
        out.write(200);
        out.close();
        assertThat(sink.bytes.toByteArray()).isEqualTo(concat(pattern(4, 9), pattern(64, 5), new byte[] {(byte) 200}));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
