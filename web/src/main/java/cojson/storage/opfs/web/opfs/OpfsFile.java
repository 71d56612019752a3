package cojson.storage.opfs.web.opfs;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.web.JsBackedFile;
import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * A file over an OPFS sync access handle. Owns the handle: {@link #close()} closes it. The I/O
 * mechanics are {@link JsBackedFile}'s; a QuotaExceededError is QUOTA, every other error IO.
 */
public final class OpfsFile extends JsBackedFile {
    private final FileSystemSyncAccessHandle handle;
    private final DOMException error = newError();

    public OpfsFile(FileSystemSyncAccessHandle handle, String name) {
        this(handle, "OPFS file " + name, true);
    }

    /** The flag only tells this constructor apart from the public one: {@code label} is used as is. */
    private OpfsFile(FileSystemSyncAccessHandle handle, String label, boolean labelled) {
        super(label);
        this.handle = handle;
    }

    /**
     * A file over any JS object with the sync access handle's six calls (the React Native entry's
     * adapter over an app's file), named {@code label} in error messages.
     */
    public static OpfsFile labelled(FileSystemSyncAccessHandle handle, String label) {
        return new OpfsFile(handle, label, true);
    }

    @Override
    protected double readAt(Uint8Array view, double byteOffset) {
        return read(handle, view, byteOffset, error);
    }

    @Override
    protected double writeAt(Uint8Array view, double byteOffset) {
        return write(handle, view, byteOffset, error);
    }

    @Override
    protected double sizeNow() {
        return size(handle, error);
    }

    @Override
    protected double truncateTo(double byteSize) {
        return truncate(handle, byteSize, error);
    }

    @Override
    protected double flushNow() {
        return flush(handle, error);
    }

    @Override
    protected double closeNow() {
        return close(handle, error);
    }

    @Override
    protected ErrorCode lastErrorCode() {
        return "QuotaExceededError".equals(error.getName()) ? ErrorCode.QUOTA : ErrorCode.IO;
    }

    @Override
    protected String lastErrorText() {
        return error.getName() + ": " + error.getMessage();
    }

    // The handle's calls, each inside a JS try/catch that turns a thrown error into -1 and a record
    // in `error` (its name and message), so that no JS exception crosses into Java. The caught
    // error is not called `e`: the JS build renames the parameters to single letters, and `error`,
    // the fourth of read and write, became `e`, so the record was never written (QUOTA read as IO).

    private static final String CATCH = " } catch (thrown) { error.name = thrown != null && typeof thrown.name === 'string'"
            + " ? thrown.name : 'Error'; error.message = String(thrown != null && thrown.message !== undefined"
            + " ? thrown.message : thrown); return -1; }";

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
}
