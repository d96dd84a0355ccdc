package io.grantgate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A test double at the trail's I/O boundary: files opened through it are real, but a write past {@link
 * #limit} bytes fails as a full disk does (the part that fits is written first, as write(2) does), a
 * sync fails while {@link #failSync} is set, and writes wait while {@link #stall} holds a closed latch.
 * Stands in for ENOSPC/EFBIG, which a test cannot cause without a mount or a file-size limit the JVM
 * cannot set.
 */
final class FailingDisk implements ChannelOpener {

    volatile long limit = Long.MAX_VALUE;
    volatile boolean failSync;
    volatile CountDownLatch stall;
    volatile int writesStalled;

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        return new Channel(ChannelOpener.FILES.open(file, create));
    }

    private final class Channel extends FileChannel {

        private final FileChannel file;

        Channel(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            CountDownLatch gate = stall;
            if (gate != null) {
                writesStalled++;
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            long room = limit - position;
            if (room <= 0) {
                throw new IOException("No space left on device");
            }
            if (src.remaining() > room) {
                ByteBuffer part = src.duplicate();
                part.limit(src.position() + (int) room);
                int n = file.write(part, position);
                src.position(src.position() + n);
                return n;
            }
            return file.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failSync) {
                throw new IOException("Input/output error");
            }
            file.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, file.position());
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("the trail writes one buffer at a time");
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
