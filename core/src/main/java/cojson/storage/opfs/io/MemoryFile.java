package cojson.storage.opfs.io;

import cojson.storage.opfs.StoreException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A file held in a growable byte array: the store of the {@code /memory} entry (Cloudflare
 * Workers) and the base of the engine's tests. {@link #snapshot()} and {@link #of(byte[])}
 * export and reopen its bytes.
 */
public final class MemoryFile implements BlockFile {
    private byte[] bytes;
    private int size;
    private boolean closed;

    public MemoryFile() {
        this(new byte[0]);
    }

    private MemoryFile(byte[] initial) {
        this.bytes = initial;
        this.size = initial.length;
    }

    /** A file whose content is a copy of {@code content}. */
    public static MemoryFile of(byte[] content) {
        return new MemoryFile(content.clone());
    }

    /** A copy of the file's bytes. */
    public byte[] snapshot() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public int read(long byteOffset, ByteBuffer dst) {
        checkOpen();
        if (byteOffset >= size) {
            return 0;
        }
        int count = (int) Math.min(dst.remaining(), size - byteOffset);
        dst.put(bytes, (int) byteOffset, count);
        return count;
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) {
        checkOpen();
        long end = byteOffset + src.remaining();
        if (end > Integer.MAX_VALUE - 8) {
            throw StoreException.of(cojson.storage.opfs.ErrorCode.QUOTA,
                    "a memory file cannot grow past 2 GiB (write ends at byte " + end + ")");
        }
        ensureCapacity((int) end);
        int count = src.remaining();
        src.get(bytes, (int) byteOffset, count);
        if (end > size) {
            size = (int) end;
        }
    }

    @Override
    public long size() {
        checkOpen();
        return size;
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0 && byteSize < Integer.MAX_VALUE - 8, "bad size " + byteSize);
        int newSize = (int) byteSize;
        ensureCapacity(newSize);
        if (newSize < size) {
            Arrays.fill(bytes, newSize, size, (byte) 0);
        }
        size = newSize;
    }

    @Override
    public void flush() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(4096, bytes.length * 2)));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw StoreException.closed("memory file is closed");
        }
    }
}
