package cojson.storage.opfs.io;

import cojson.storage.opfs.StoreException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A real file on the JVM, for the benchmark, the tests and the JVM dump command. It lives in
 * core's test sources, not its main sources, because everything under {@code core/src/main} is
 * compiled by TeaVM into the npm package and must not use {@link FileChannel}; every JVM user of
 * it runs on core's test class path. {@link #openReadOnly} never writes and never creates.
 */
public final class JvmFile implements BlockFile {
    private final String path;
    private final RandomAccessFile raf;
    private final FileChannel channel;
    private final boolean readOnly;

    private JvmFile(String path, RandomAccessFile raf, boolean readOnly) {
        this.path = path;
        this.raf = raf;
        this.channel = raf.getChannel();
        this.readOnly = readOnly;
    }

    /** Opens {@code path} for reading and writing, creating it if absent. */
    public static JvmFile open(String path) {
        try {
            return new JvmFile(path, new RandomAccessFile(path, "rw"), false);
        } catch (IOException e) {
            throw StoreException.io("cannot open " + path, e);
        }
    }

    /** Opens an existing file for reading only: every write, truncate or flush fails with IO. */
    public static JvmFile openReadOnly(String path) {
        try {
            return new JvmFile(path, new RandomAccessFile(path, "r"), true);
        } catch (IOException e) {
            throw StoreException.io("cannot open " + path + " for reading", e);
        }
    }

    @Override
    public int read(long byteOffset, ByteBuffer dst) {
        try {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, byteOffset + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw StoreException.io("read at " + byteOffset + " of " + path, e);
        }
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) {
        checkWritable();
        try {
            long at = byteOffset;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        } catch (IOException e) {
            throw StoreException.io("write at " + byteOffset + " of " + path, e);
        }
    }

    @Override
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw StoreException.io("size of " + path, e);
        }
    }

    @Override
    public void truncate(long byteSize) {
        checkWritable();
        try {
            raf.setLength(byteSize);
        } catch (IOException e) {
            throw StoreException.io("truncate " + path + " to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
        checkWritable();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw StoreException.io("flush " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            raf.close();
        } catch (IOException e) {
            throw StoreException.io("close " + path, e);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw StoreException.io(path + " was opened read-only", null);
        }
    }
}
