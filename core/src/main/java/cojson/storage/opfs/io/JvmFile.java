package cojson.storage.opfs.io;

import cojson.storage.opfs.StoreException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A real file on the JVM, for tests, benchmarks and tools. Never compiled by TeaVM (the web
 * module excludes it): it uses {@link FileChannel}.
 */
public final class JvmFile implements BlockFile {
    private final String path;
    private final RandomAccessFile raf;
    private final FileChannel channel;

    private JvmFile(String path, RandomAccessFile raf) {
        this.path = path;
        this.raf = raf;
        this.channel = raf.getChannel();
    }

    public static JvmFile open(String path) {
        try {
            return new JvmFile(path, new RandomAccessFile(path, "rw"));
        } catch (IOException e) {
            throw StoreException.io("cannot open " + path, e);
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
        try {
            raf.setLength(byteSize);
        } catch (IOException e) {
            throw StoreException.io("truncate " + path + " to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
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
}
