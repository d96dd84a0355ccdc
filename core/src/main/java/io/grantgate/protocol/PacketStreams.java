package io.grantgate.protocol;

import io.grantgate.protocol.compress.CompressedPacketInput;
import io.grantgate.protocol.compress.CompressedPacketOutput;
import io.grantgate.protocol.compress.CompressionSequence;
import io.grantgate.protocol.compress.Compressor;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One connection's packet streams: buffered input and output over the connection's raw streams, and
 * the packet reader and writer on them. The client side and the backend side of a session each have
 * one. Replaced together by {@link #attach} when the connection is upgraded to TLS, since the old
 * buffers belong to the plain socket. Not thread-safe.
 */
public final class PacketStreams {

    /**
     * @param in read buffer: allocated at the first read and kept while the connection lives, so small; larger reads bypass it
     * @param outInitial write buffer at first; it grows only when a write needs it
     * @param outMax the most the write buffer grows to
     */
    public record BufferSizes(int in, int outInitial, int outMax) {
        public BufferSizes {
            if (in < 1 || outInitial < 1 || outMax < outInitial) {
                throw new IllegalArgumentException("buffer sizes " + in + ", " + outInitial + ", " + outMax);
            }
        }
    }

    private final int maxPacketSize;
    private final BufferSizes sizes;
    private BufferedInput in;
    private OutputStream out;
    /** The connection's own output, under the buffer: where compressed frames go. */
    private OutputStream rawOut;

    private PacketReader reader;
    private PacketWriter writer;

    /** @param maxPacketSize the longest logical packet the reader accepts */
    public PacketStreams(InputStream rawIn, OutputStream rawOut, int maxPacketSize, BufferSizes sizes) {
        this.maxPacketSize = maxPacketSize;
        this.sizes = sizes;
        attach(rawIn, rawOut);
    }

    /** Switches to new raw streams (a TLS socket layered over the old one); whatever the old buffers held is dropped. */
    public void attach(InputStream rawIn, OutputStream rawOut) {
        this.rawOut = rawOut;
        in = new BufferedInput(rawIn, sizes.in());
        out = new GrowableBufferedOutputStream(rawOut, sizes.outInitial(), sizes.outMax());
        reader = new PacketReader(in, maxPacketSize);
        writer = new PacketWriter(out);
    }

    /**
     * From now on the connection's packets travel in compressed frames, both ways: the reader reads
     * what the frames carry, and what the writer writes goes out as a frame at each flush (the
     * compressing output buffers it, in place of the plain write buffer). Call it with the output
     * flushed; whatever the input holds already is read as the first compressed bytes.
     */
    public void compress(Compressor compressor) {
        CompressionSequence sequence = new CompressionSequence();
        in = new BufferedInput(new CompressedPacketInput(in, compressor, sequence), sizes.in());
        out = new CompressedPacketOutput(rawOut, compressor, sequence, sizes.outInitial());
        reader = new PacketReader(in, maxPacketSize);
        writer = new PacketWriter(out);
    }

    /**
     * What was received and not read yet, without reading the connection for it: what the connection
     * delivers next follows these bytes exactly (a relay loop reads it from the socket).
     */
    public byte[] drainBuffered() {
        return in.takeBuffered();
    }

    /** Puts bytes back in front of whatever the connection delivers next. */
    public void unread(byte[] bytes) {
        in.unread(bytes);
    }

    public BufferedInput in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public PacketReader reader() {
        return reader;
    }

    public PacketWriter writer() {
        return writer;
    }
}
