package cojson.storage.opfs.web.opfs;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The Web IDL interface {@code FileSystemSyncAccessHandle} (File System Standard): synchronous,
 * exclusive access to one Origin Private File System file, available only in dedicated workers.
 * teavm-jso-apis has no OPFS types, so this declares it.
 *
 * <p>Its methods ({@code read}, {@code write}, {@code getSize}, {@code truncate}, {@code flush},
 * {@code close}) are called by {@link OpfsFile} from {@code @JSBody} bodies that catch the
 * DOMException in JS: on the Wasm GC build a JS error crossing into Java arrives wrapped and its
 * name ({@code QuotaExceededError}) cannot be read back, so typed Java methods here would lose it.
 * An abstract class rather than an interface only so that it can hold the static feature test.
 */
public abstract class FileSystemSyncAccessHandle implements JSObject {

    /** True where sync access handles exist (a secure context's dedicated worker in a current browser). */
    @JSBody(script = "return typeof FileSystemSyncAccessHandle === 'function';")
    public static native boolean isSupported();
}
