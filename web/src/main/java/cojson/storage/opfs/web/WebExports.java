package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.web.opfs.FileSystemSyncAccessHandle;
import cojson.storage.opfs.web.opfs.OpfsFile;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSExportClasses;

/**
 * The TeaVM main class: its {@code @JSExport} static methods are the module's exports (globals in
 * the classic-script build), and the classes listed below are the types those return. TeaVM
 * compiles only what is reachable from here, which keeps {@code JvmFile} out of every build.
 *
 * <p>Keys and values cross the boundary as JS strings, stored as their UTF-8 bytes. Every call
 * crosses once: a scan comes back as one JSON text, not one call per entry.
 */
@JSExportClasses({ JsStore.class, JsBatch.class })
public final class WebExports {
    private WebExports() {
    }

    /**
     * Opens the store in an OPFS file through its sync access handle, which the store then owns:
     * closing the store closes the handle, and so does a failed open.
     *
     * @param name the file's name, for error messages
     */
    @JSExport
    public static JsStore openHandle(FileSystemSyncAccessHandle handle, String name) {
        StoreException.check(handle != null, "no sync access handle given");
        return open(new OpfsFile(handle, name == null ? "(unnamed)" : name));
    }

    /** Opens a new, empty store held in memory. */
    @JSExport
    public static JsStore openMemory() {
        return open(new MemoryFile());
    }

    /** True where this runtime has OPFS sync access handles (dedicated workers of current browsers). */
    @JSExport
    public static boolean isOpfsSupported() {
        return FileSystemSyncAccessHandle.isSupported();
    }

    private static JsStore open(BlockFile file) {
        try {
            return new JsStore(Store.open(file));
        } catch (StoreException e) {
            closeQuietly(file);
            throw JsErrors.toJs(e);
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /**
     * Releases the file after a failed open. The engine's open closes it too today, but the
     * promise that a failed open never leaves the OPFS file locked is made here; a second close
     * does nothing.
     */
    private static void closeQuietly(BlockFile file) {
        try {
            file.close();
        } catch (RuntimeException ignored) {
            // The open failure is the error worth reporting; the handle is released either way.
        }
    }
}
