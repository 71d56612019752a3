package cojson.storage.opfs.web.node;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * A {@link BlockFile} on a Node file descriptor through the {@code fs} module JS hands in. Owns
 * the descriptor: {@link #close()} closes it.
 *
 * <p>As in {@code OpfsFile}, direct buffers cross without a copy: each call makes a fresh
 * {@code Uint8Array} view of {@code [position, limit)} and drops it, because on Wasm GC a later
 * {@code allocateDirect} may grow linear memory and detach older views. Heap buffers go through a
 * reused direct bounce buffer.
 */
public final class NodeFile implements BlockFile {
    private final NodeFs fs;
    private final int fd;
    private final String path;
    private final NodeError error = newError();
    private ByteBuffer bounce = ByteBuffer.allocateDirect(0);
    private boolean closed;

    public NodeFile(NodeFs fs, int fd, String path) {
        this.fs = fs;
        this.fd = fd;
        this.path = path;
    }

    @Override
    public int read(long byteOffset, ByteBuffer dst) {
        checkOpen();
        int count = dst.remaining();
        if (count == 0) {
            return 0;
        }
        ByteBuffer target = dst.isDirect() ? dst : bounce(count);
        int from = target.position();
        int read = 0;
        try {
            // readSync may return fewer bytes than asked before the end of the file; 0 means the end.
            while (read < count) {
                int step = (int) check(read(fs, fd, view(target, from + read, from + count), count - read,
                        (double) (byteOffset + read), error), "read " + count + " bytes at " + byteOffset);
                if (step <= 0) {
                    break;
                }
                read += step;
            }
        } catch (RuntimeException e) {
            throw failure("read " + count + " bytes at " + byteOffset, e);
        }
        if (target == dst) {
            dst.position(from + read);
        } else {
            bounce.limit(read);
            dst.put(bounce);
        }
        return read;
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) {
        checkOpen();
        int count = src.remaining();
        ByteBuffer source = src;
        if (!src.isDirect()) {
            source = bounce(count);
            source.put(src.duplicate()).flip();
        }
        int from = source.position();
        int written = 0;
        try {
            while (written < count) {
                int step = (int) check(write(fs, fd, view(source, from + written, from + count), count - written,
                        (double) (byteOffset + written), error), "write " + count + " bytes at " + byteOffset);
                if (step <= 0) {
                    break;
                }
                written += step;
            }
        } catch (RuntimeException e) {
            throw failure("write " + count + " bytes at " + byteOffset, e);
        }
        if (written < count) {
            throw StoreException.io("file " + path + " took " + written + " of " + count
                    + " bytes written at " + byteOffset + " and then no more", null);
        }
        src.position(src.limit());
    }

    @Override
    public long size() {
        checkOpen();
        try {
            return (long) check(size(fs, fd, error), "get the size");
        } catch (RuntimeException e) {
            throw failure("get the size", e);
        }
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        try {
            check(truncate(fs, fd, (double) byteSize, error), "truncate to " + byteSize);
        } catch (RuntimeException e) {
            throw failure("truncate to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            check(fsync(fs, fd, error), "flush");
        } catch (RuntimeException e) {
            throw failure("flush", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check(close(fs, fd, error), "close");
        } catch (RuntimeException e) {
            throw failure("close", e);
        }
    }

    private ByteBuffer bounce(int count) {
        if (bounce.capacity() < count) {
            bounce = ByteBuffer.allocateDirect(Math.max(count, 2 * bounce.capacity()));
        }
        bounce.clear().limit(count);
        return bounce;
    }

    private void checkOpen() {
        if (closed) {
            throw StoreException.closed("file " + path + " is closed");
        }
    }

    /**
     * A negative result means the fs call threw; its error waits in {@link #error}. Reading it
     * there, not from the Java exception, works the same on both builds: on Wasm GC a JS error
     * arrives wrapped, and {@code JSExceptions.getJSException} does not give it back.
     */
    private double check(double result, String what) {
        if (result >= 0) {
            return result;
        }
        String code = error.getCode();
        ErrorCode errorCode = "ENOSPC".equals(code) || "EDQUOT".equals(code) ? ErrorCode.QUOTA : ErrorCode.IO;
        throw StoreException.of(errorCode, "cannot " + what + " of file " + path + " (" + error.getMessage() + ")");
    }

    private StoreException failure(String what, RuntimeException e) {
        if (e instanceof StoreException) {
            return (StoreException) e;
        }
        return StoreException.io("cannot " + what + " of file " + path + " (" + e + ")", e);
    }

    // The fs calls, each inside a JS try/catch that turns a thrown error into -1 and a record in
    // `error` (its errno name and message), so that no JS exception crosses into Java.

    private static final String CATCH = " } catch (e) { error.code = e != null && typeof e.code === 'string' ? e.code : 'EUNKNOWN';"
            + " error.message = String(e != null && e.message !== undefined ? e.message : e); return -1; }";

    @JSBody(params = { "fs", "fd", "buffer", "length", "position", "error" },
            script = "try { return fs.readSync(fd, buffer, 0, length, position);" + CATCH)
    private static native double read(NodeFs fs, int fd, Uint8Array buffer, int length, double position, NodeError error);

    @JSBody(params = { "fs", "fd", "buffer", "length", "position", "error" },
            script = "try { return fs.writeSync(fd, buffer, 0, length, position);" + CATCH)
    private static native double write(NodeFs fs, int fd, Uint8Array buffer, int length, double position, NodeError error);

    @JSBody(params = { "fs", "fd", "error" }, script = "try { return fs.fstatSync(fd).size;" + CATCH)
    private static native double size(NodeFs fs, int fd, NodeError error);

    @JSBody(params = { "fs", "fd", "length", "error" }, script = "try { fs.ftruncateSync(fd, length); return 0;" + CATCH)
    private static native double truncate(NodeFs fs, int fd, double length, NodeError error);

    @JSBody(params = { "fs", "fd", "error" }, script = "try { fs.fsyncSync(fd); return 0;" + CATCH)
    private static native double fsync(NodeFs fs, int fd, NodeError error);

    @JSBody(params = { "fs", "fd", "error" }, script = "try { fs.closeSync(fd); return 0;" + CATCH)
    private static native double close(NodeFs fs, int fd, NodeError error);

    @JSBody(script = "return { code: null, message: null };")
    private static native NodeError newError();

    @JSBody(params = { "buffer", "from", "to" }, script = "return buffer.subarray(from, to);")
    private static native Uint8Array view(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int from, int to);
}
