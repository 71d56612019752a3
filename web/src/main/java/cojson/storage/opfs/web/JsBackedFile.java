package cojson.storage.opfs.web;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSBuffer;
import org.teavm.jso.JSBufferType;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The mechanics shared by the files whose calls go to a JS object (an OPFS sync access handle, a
 * Node file descriptor): subclasses supply only the six calls and what a failed call's error means.
 *
 * <p>Direct buffers cross without a copy on both targets: each call gets a fresh {@code Uint8Array}
 * view of the buffer's {@code [position, limit)}, never kept, because on Wasm GC the views are over
 * linear memory and a later {@code allocateDirect} may grow it and detach older views. Heap buffers
 * go through one reused direct bounce buffer.
 *
 * <p>Each call returns a non-negative result, or a negative one when the JS call threw: the
 * subclass's {@code @JSBody} catches the error and records it, and {@link #lastErrorCode()} reads
 * it back. Catching in JS works the same on both builds; on Wasm GC a JS error crossing into Java
 * arrives wrapped and cannot be read back.
 */
public abstract class JsBackedFile implements BlockFile {
    private final String label;
    private ByteBuffer bounce = ByteBuffer.allocateDirect(0);
    private boolean closed;

    /** @param label names the file in error messages, e.g. "OPFS file notes" */
    protected JsBackedFile(String label) {
        this.label = label;
    }

    protected abstract double readAt(Uint8Array view, double byteOffset);

    protected abstract double writeAt(Uint8Array view, double byteOffset);

    protected abstract double sizeNow();

    protected abstract double truncateTo(double byteSize);

    protected abstract double flushNow();

    protected abstract double closeNow();

    /** QUOTA or IO, for the last call that returned a negative result. */
    protected abstract ErrorCode lastErrorCode();

    /** The last failed call's error, as text for a message. */
    protected abstract String lastErrorText();

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
            // A read may return fewer bytes than asked; 0 means the end of the file.
            while (read < count) {
                int step = (int) readAt(view(target, from + read, from + count), byteOffset + read);
                if (step < 0) {
                    throw refused(transfer("read", count, byteOffset));
                }
                if (step == 0) {
                    break;
                }
                read += step;
            }
        } catch (RuntimeException e) {
            throw failure(transfer("read", count, byteOffset), e);
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
            // Both APIs may write short of the whole buffer: loop until it is all out.
            while (written < count) {
                int step = (int) writeAt(view(source, from + written, from + count), byteOffset + written);
                if (step < 0) {
                    throw refused(transfer("write", count, byteOffset));
                }
                if (step == 0) {
                    break;
                }
                written += step;
            }
        } catch (RuntimeException e) {
            throw failure(transfer("write", count, byteOffset), e);
        }
        if (written < count) {
            throw StoreException.io(label + " took " + written + " of " + count + " bytes written at " + byteOffset
                    + " and then no more", null);
        }
        src.position(src.limit());
    }

    @Override
    public long size() {
        checkOpen();
        return (long) call(sizeNow(), "get the size");
    }

    @Override
    public void truncate(long byteSize) {
        checkOpen();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        call(truncateTo(byteSize), "truncate to " + byteSize);
    }

    @Override
    public void flush() {
        checkOpen();
        call(flushNow(), "flush");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        call(closeNow(), "close");
    }

    private double call(double result, String what) {
        try {
            return check(result, what);
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    private double check(double result, String what) {
        if (result >= 0) {
            return result;
        }
        throw refused(what);
    }

    /** The failed call's own error (its code from the runtime's error, e.g. QUOTA). */
    private StoreException refused(String what) {
        return StoreException.of(lastErrorCode(), "cannot " + what + " of " + label + " (" + lastErrorText() + ")");
    }

    /**
     * "read 4096 bytes at 8192": built only once a call failed. Page reads and writes are the hot
     * path, and on the JS build the long offset's text goes through BigInt.
     */
    private static String transfer(String op, int count, long byteOffset) {
        return op + " " + count + " bytes at " + byteOffset;
    }

    private StoreException failure(String what, RuntimeException e) {
        if (e instanceof StoreException) {
            return (StoreException) e;
        }
        return StoreException.io("cannot " + what + " of " + label + " (" + e + ")", e);
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
            throw StoreException.closed(label + " is closed");
        }
    }

    /** A Uint8Array over bytes {@code [from, to)} of a direct buffer; the JS view covers the buffer from index 0. */
    @JSBody(params = { "buffer", "from", "to" }, script = "return buffer.subarray(from, to);")
    private static native Uint8Array view(@JSBuffer(JSBufferType.UINT8) ByteBuffer buffer, int from, int to);
}
