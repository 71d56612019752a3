package cojson.storage.opfs.web.opfs;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
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
    private final DOMException error = newError();
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
            read = (int) check(read(handle, view(target, from, from + count), byteOffset, error),
                    "read " + count + " bytes at " + byteOffset);
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
                int step = (int) check(write(handle, view(source, from + written, from + count),
                        byteOffset + written, error), "write " + count + " bytes at " + byteOffset);
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
            return (long) check(size(handle, error), "get the size");
        } catch (RuntimeException e) {
            throw failure("get the size", e);
        }
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        try {
            check(truncate(handle, byteSize, error), "truncate to " + byteSize);
        } catch (RuntimeException e) {
            throw failure("truncate to " + byteSize, e);
        }
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            check(flush(handle, error), "flush");
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
            check(close(handle, error), "close");
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

    /**
     * A negative result means the handle's call threw; the DOMException's name and message wait in
     * {@link #error}. Reading them there, not from the Java exception, works on both builds: on
     * Wasm GC a JS error arrives wrapped, and {@code JSExceptions.getJSException} does not give it back.
     */
    private double check(double result, String what) {
        if (result >= 0) {
            return result;
        }
        ErrorCode code = "QuotaExceededError".equals(error.getName()) ? ErrorCode.QUOTA : ErrorCode.IO;
        throw StoreException.of(code, "cannot " + what + " of OPFS file " + name + " ("
                + error.getName() + ": " + error.getMessage() + ")");
    }

    private StoreException failure(String what, RuntimeException e) {
        if (e instanceof StoreException) {
            return (StoreException) e;
        }
        return StoreException.io("cannot " + what + " of OPFS file " + name + " (" + e + ")", e);
    }

    // The handle's calls, each inside a JS try/catch that turns a thrown error into -1 and a record
    // in `error` (its name and message), so that no JS exception crosses into Java.

    private static final String CATCH = " } catch (e) { error.name = e != null && typeof e.name === 'string' ? e.name : 'Error';"
            + " error.message = String(e != null && e.message !== undefined ? e.message : e); return -1; }";

    @JSBody(params = { "handle", "buffer", "at", "error" }, script = "try { return handle.read(buffer, { at: at });" + CATCH)
    private static native double read(FileSystemSyncAccessHandle handle, Uint8Array buffer, double at, DOMException error);

    @JSBody(params = { "handle", "buffer", "at", "error" }, script = "try { return handle.write(buffer, { at: at });" + CATCH)
    private static native double write(FileSystemSyncAccessHandle handle, Uint8Array buffer, double at, DOMException error);

    @JSBody(params = { "handle", "error" }, script = "try { return handle.getSize();" + CATCH)
    private static native double size(FileSystemSyncAccessHandle handle, DOMException error);

    @JSBody(params = { "handle", "size", "error" }, script = "try { handle.truncate(size); return 0;" + CATCH)
    private static native double truncate(FileSystemSyncAccessHandle handle, double size, DOMException error);

    @JSBody(params = { "handle", "error" }, script = "try { handle.flush(); return 0;" + CATCH)
    private static native double flush(FileSystemSyncAccessHandle handle, DOMException error);

    @JSBody(params = { "handle", "error" }, script = "try { handle.close(); return 0;" + CATCH)
    private static native double close(FileSystemSyncAccessHandle handle, DOMException error);

    @JSBody(script = "return { name: null, message: null };")
    private static native DOMException newError();

    /** A Uint8Array over bytes {@code [from, to)} of a direct buffer; the JS view covers the buffer from index 0. */
    @JSBody(params = { "buffer", "from", "to" }, script = "return buffer.subarray(from, to);")
    private static native Uint8Array view(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int from, int to);
}
