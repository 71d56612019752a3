package cojson.storage.opfs.io;

import java.nio.ByteBuffer;

/**
 * Counts the calls that reach a file and the bytes written. The store keeps one around its file
 * for {@code stats()}, and tests assert I/O budgets with it (one write and one flush per small
 * durable commit).
 */
public final class CountingFile implements BlockFile {
    private final BlockFile inner;
    private long readCalls;
    private long writeCalls;
    private long flushes;
    private long bytesWritten;

    public CountingFile(BlockFile inner) {
        this.inner = inner;
    }

    @Override
    public int read(long byteOffset, ByteBuffer dst) {
        readCalls++;
        return inner.read(byteOffset, dst);
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) {
        writeCalls++;
        int n = src.remaining();
        inner.write(byteOffset, src);
        bytesWritten += n;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public void truncate(long byteSize) {
        inner.truncate(byteSize);
    }

    @Override
    public void flush() {
        flushes++;
        inner.flush();
    }

    @Override
    public void close() {
        inner.close();
    }

    public long readCalls() { return readCalls; }
    public long writeCalls() { return writeCalls; }
    public long flushes() { return flushes; }
    public long bytesWritten() { return bytesWritten; }
}
