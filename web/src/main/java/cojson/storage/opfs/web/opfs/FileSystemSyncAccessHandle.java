package cojson.storage.opfs.web.opfs;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The Web IDL interface {@code FileSystemSyncAccessHandle} (File System Standard): synchronous,
 * exclusive access to one Origin Private File System file, available only in dedicated workers.
 * teavm-jso-apis has no OPFS types, so this declares the part we call.
 *
 * <p>Sizes and offsets are JS numbers ({@code double} here): exact up to 2^53 bytes.
 * A failing call throws a {@code DOMException} (e.g. {@code QuotaExceededError},
 * {@code InvalidStateError} once closed), which surfaces in Java as a RuntimeException.
 * An abstract class rather than an interface only so that it can hold the static feature test.
 */
public abstract class FileSystemSyncAccessHandle implements JSObject {

    /** Reads into {@code buffer} from the file position in {@code options}; returns the count read. */
    public abstract double read(Uint8Array buffer, FileSystemReadWriteOptions options);

    /** Writes all of {@code buffer} at the file position in {@code options}; returns the count written. */
    public abstract double write(Uint8Array buffer, FileSystemReadWriteOptions options);

    public abstract void truncate(double newSize);

    public abstract double getSize();

    public abstract void flush();

    public abstract void close();

    /** True where sync access handles exist (a secure context's dedicated worker in a current browser). */
    @JSBody(script = "return typeof FileSystemSyncAccessHandle === 'function';")
    public static native boolean isSupported();
}
