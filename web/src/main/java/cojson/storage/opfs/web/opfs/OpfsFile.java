package cojson.storage.opfs.web.opfs;

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
 * A {@link BlockFile} over an OPFS sync access handle. Owns the handle: {@link #close()} closes it.
 *
 * <p>Direct buffers cross without a copy on both targets: each call hands the handle a fresh
 * {@code Uint8Array} view of the buffer's {@code [position, limit)}. A view is never kept, because
 * on Wasm GC the views are over linear memory, and a later {@code allocateDirect} may grow that
 * memory and detach every view made before.
 */
public final class OpfsFile implements BlockFile {
    private final FileSystemSyncAccessHandle handle;
    private final String name;
    /** Reused for heap buffers, which Wasm GC cannot show to JS; grows to the largest transfer seen. */
    private ByteBuffer bounce = ByteBuffer.allocateDirect(0);
    private boolean closed;

    public OpfsFile(FileSystemSyncAccessHandle handle, String name) {
        this.handle = handle;
        this.name = name;
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
        int read;
        try {
            read = (int) handle.read(view(target, from, from + count), FileSystemReadWriteOptions.at(byteOffset));
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
            // The standard lets write() return short of the whole buffer; loop until it is all out.
            while (written < count) {
                int step = (int) handle.write(view(source, from + written, from + count),
                        FileSystemReadWriteOptions.at(byteOffset + written));
                if (step <= 0) {
                    break;
                }
                written += step;
            }
        } catch (RuntimeException e) {
            throw failure("write " + count + " bytes at " + byteOffset, e);
        }
        if (written < count) {
            throw StoreException.io("OPFS file " + name + " took " + written + " of " + count
                    + " bytes written at " + byteOffset + " and then no more", null);
        }
        src.position(src.limit());
    }

    @Override
    public long size() {
        checkOpen();
        try {
            return (long) handle.getSize();
        } catch (RuntimeException e) {
            throw failure("get the size", e);
        }
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        try {
            handle.truncate(byteSize);
        } catch (RuntimeException e) {
            throw failure("truncate to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            handle.flush();
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
            handle.close();
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
            throw StoreException.closed("OPFS file " + name + " is closed");
        }
    }

    private StoreException failure(String what, RuntimeException e) {
        JSObject thrown = JSExceptions.getJSException(e);
        String reason = e.toString();
        ErrorCode code = ErrorCode.IO;
        if (isErrorObject(thrown)) {
            DOMException error = (DOMException) thrown;
            reason = error.getName() + ": " + error.getMessage();
            if ("QuotaExceededError".equals(error.getName())) {
                code = ErrorCode.QUOTA;
            }
        }
        return StoreException.of(code, "cannot " + what + " of OPFS file " + name + " (" + reason + ")", e);
    }

    /** A Uint8Array over bytes {@code [from, to)} of a direct buffer; the JS view covers the buffer from index 0. */
    @JSBody(params = { "buffer", "from", "to" }, script = "return buffer.subarray(from, to);")
    private static native Uint8Array view(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int from, int to);

    /** Whether a thrown JS value has a string {@code name} to read (JS may throw anything, even null). */
    @JSBody(params = "thrown", script = "return thrown != null && typeof thrown.name === 'string';")
    private static native boolean isErrorObject(JSObject thrown);
}
