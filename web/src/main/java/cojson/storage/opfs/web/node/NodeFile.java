package cojson.storage.opfs.web.node;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.JSExceptions;
import org.teavm.jso.JSObject;
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
                int step = fs.readSync(fd, view(target, from + read, from + count), 0, count - read,
                        (double) (byteOffset + read));
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
                int step = fs.writeSync(fd, view(source, from + written, from + count), 0, count - written,
                        (double) (byteOffset + written));
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
            return (long) fs.fstatSync(fd).getSize();
        } catch (RuntimeException e) {
            throw failure("get the size", e);
        }
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        try {
            fs.ftruncateSync(fd, (double) byteSize);
        } catch (RuntimeException e) {
            throw failure("truncate to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            fs.fsyncSync(fd);
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
            fs.closeSync(fd);
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

    private StoreException failure(String what, RuntimeException e) {
        JSObject thrown = JSExceptions.getJSException(e);
        String reason = e.toString();
        ErrorCode code = ErrorCode.IO;
        if (hasCode(thrown)) {
            NodeError error = (NodeError) thrown;
            reason = error.getMessage();
            if ("ENOSPC".equals(error.getCode()) || "EDQUOT".equals(error.getCode())) {
                code = ErrorCode.QUOTA;
            }
        }
        return StoreException.of(code, "cannot " + what + " of file " + path + " (" + reason + ")", e);
    }

    @JSBody(params = { "buffer", "from", "to" }, script = "return buffer.subarray(from, to);")
    private static native Uint8Array view(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int from, int to);

    @JSBody(params = "thrown", script = "return thrown != null && typeof thrown.code === 'string'"
            + " && typeof thrown.message === 'string';")
    private static native boolean hasCode(JSObject thrown);
}
