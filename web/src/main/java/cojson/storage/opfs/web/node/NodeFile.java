package cojson.storage.opfs.web.node;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.web.JsBackedFile;
import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * A file on a Node file descriptor through the {@code fs} module JS hands in (TeaVM cannot import
 * Node modules). Owns the descriptor: {@link #close()} closes it. The I/O mechanics are
 * {@link JsBackedFile}'s; ENOSPC and EDQUOT are QUOTA, every other errno IO.
 */
public final class NodeFile extends JsBackedFile {
    private final NodeFs fs;
    private final int fd;
    private final NodeError error = newError();

    public NodeFile(NodeFs fs, int fd, String path) {
        super("file " + path);
        this.fs = fs;
        this.fd = fd;
    }

    @Override
    protected double readAt(Uint8Array view, double byteOffset) {
        return read(fs, fd, view, byteOffset, error);
    }

    @Override
    protected double writeAt(Uint8Array view, double byteOffset) {
        return write(fs, fd, view, byteOffset, error);
    }

    @Override
    protected double sizeNow() {
        return size(fs, fd, error);
    }

    @Override
    protected double truncateTo(double byteSize) {
        return truncate(fs, fd, byteSize, error);
    }

    @Override
    protected double flushNow() {
        return fsync(fs, fd, error);
    }

    @Override
    protected double closeNow() {
        return close(fs, fd, error);
    }

    @Override
    protected ErrorCode lastErrorCode() {
        String code = error.getCode();
        return "ENOSPC".equals(code) || "EDQUOT".equals(code) ? ErrorCode.QUOTA : ErrorCode.IO;
    }

    @Override
    protected String lastErrorText() {
        return error.getMessage();
    }

    // The fs calls, each inside a JS try/catch that turns a thrown error into -1 and a record in
    // `error` (its errno name and message), so that no JS exception crosses into Java.

    // (`thrown`, not `e`: see OpfsFile's CATCH.)
    private static final String CATCH = " } catch (thrown) { error.code = thrown != null && typeof thrown.code === 'string'"
            + " ? thrown.code : 'EUNKNOWN'; error.message = String(thrown != null && thrown.message !== undefined"
            + " ? thrown.message : thrown); return -1; }";

    @JSBody(params = { "fs", "fd", "buffer", "position", "error" },
            script = "try { return fs.readSync(fd, buffer, 0, buffer.length, position);" + CATCH)
    private static native double read(NodeFs fs, int fd, Uint8Array buffer, double position, NodeError error);

    @JSBody(params = { "fs", "fd", "buffer", "position", "error" },
            script = "try { return fs.writeSync(fd, buffer, 0, buffer.length, position);" + CATCH)
    private static native double write(NodeFs fs, int fd, Uint8Array buffer, double position, NodeError error);

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
}
