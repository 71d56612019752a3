package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.cojson.RowSalvage;
import cojson.storage.opfs.cojson.RowStore;
import cojson.storage.opfs.engine.Durability;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.web.opfs.FileSystemSyncAccessHandle;
import cojson.storage.opfs.web.node.NodeFile;
import cojson.storage.opfs.web.node.NodeFs;
import cojson.storage.opfs.web.opfs.OpfsFile;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSExportClasses;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The TeaVM main class: its {@code @JSExport} static methods are the module's exports (globals in
 * the classic-script build), and the classes listed below are the types those return. TeaVM
 * compiles only what is reachable from here, which keeps {@code JvmFile} out of every build.
 *
 * <p>Keys and values cross the boundary as JS strings, stored as their UTF-8 bytes. Every call
 * crosses once: a scan comes back as one JSON text, not one call per entry.
 */
@JSExportClasses({ JsStore.class, JsBatch.class, JsRowStore.class, JsRowTransaction.class, JsSalvage.class })
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

    /** cojson's row store on an OPFS sync access handle, which it then owns (as {@link #openHandle}). */
    @JSExport
    public static JsRowStore openRowsHandle(FileSystemSyncAccessHandle handle, String name) {
        return openRowsHandleWith(handle, name, null);
    }

    /** As {@link #openRowsHandle}, with a durability: see {@link #storeOptions}. */
    @JSExport
    public static JsRowStore openRowsHandleWith(FileSystemSyncAccessHandle handle, String name, String durability) {
        StoreException.check(handle != null, "no sync access handle given");
        return openRows(new OpfsFile(handle, name == null ? "(unnamed)" : name), durability);
    }

    /** cojson's row store in memory: empty when {@code bytes} is null, else on a copy of those file bytes. */
    @JSExport
    public static JsRowStore openRowsMemory(Uint8Array bytes) {
        return openRowsMemoryWith(bytes, null);
    }

    /** As {@link #openRowsMemory}, with a durability: see {@link #storeOptions}. */
    @JSExport
    public static JsRowStore openRowsMemoryWith(Uint8Array bytes, String durability) {
        MemoryFile file;
        try {
            file = bytes == null ? new MemoryFile() : MemoryFile.of(Bytes.fromJs(bytes));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
        return openRows(file, durability);
    }

    /**
     * cojson's row store on a Node file descriptor, opened read-write by the JS glue, which passes
     * the {@code fs} module in (TeaVM cannot import Node modules). The store owns the descriptor.
     */
    @JSExport
    public static JsRowStore openRowsNodeFile(NodeFs fs, int fd, String path) {
        return openRowsNodeFileWith(fs, fd, path, null);
    }

    /** As {@link #openRowsNodeFile}, with a durability: see {@link #storeOptions}. */
    @JSExport
    public static JsRowStore openRowsNodeFileWith(NodeFs fs, int fd, String path, String durability) {
        StoreException.check(fs != null, "no fs module given");
        return openRows(new NodeFile(fs, fd, path == null ? "(unnamed)" : path), durability);
    }

    /**
     * The product's options with a durability: null or "durable" flushes every commit before it
     * returns; "relaxed" keeps commits' log frames in memory until {@code flush()}, a checkpoint,
     * close, or 1 MiB of them (see {@link Durability#RELAXED}).
     */
    static StoreOptions storeOptions(String durability) {
        StoreOptions options = StoreOptions.defaults();
        if (durability == null || durability.equals("durable")) {
            return options.durability(Durability.DURABLE);
        }
        StoreException.check(durability.equals("relaxed"),
                "durability must be \"durable\" or \"relaxed\", got \"" + durability + "\"");
        return options.durability(Durability.RELAXED);
    }

    /**
     * Read-only salvage of a damaged cojson store in an OPFS file: the CoValues that are provably
     * complete, in a fresh store's bytes. Never writes to the file; closes the handle when done.
     */
    @JSExport
    public static JsSalvage salvageRowsHandle(FileSystemSyncAccessHandle handle, String name) {
        StoreException.check(handle != null, "no sync access handle given");
        return salvage(new OpfsFile(handle, name == null ? "(unnamed)" : name));
    }

    /** Read-only salvage of a damaged cojson store's file bytes (as {@link #salvageRowsHandle}). */
    @JSExport
    public static JsSalvage salvageRowsMemory(Uint8Array bytes) {
        StoreException.check(bytes != null, "no bytes given");
        return salvage(MemoryFile.of(Bytes.fromJs(bytes)));
    }

    /**
     * cojson's row store on any JS object with the sync access handle's six calls (the React Native
     * entry's adapter over the app's file), which it then owns; {@code label} names it in errors.
     */
    @JSExport
    public static JsRowStore openRowsFileWith(FileSystemSyncAccessHandle file, String label, String durability) {
        StoreException.check(file != null, "no file given");
        return openRows(OpfsFile.labelled(file, label == null ? "file" : label), durability);
    }

    /** Read-only salvage through such an object (as {@link #openRowsFileWith}); closes it when done. */
    @JSExport
    public static JsSalvage salvageRowsFile(FileSystemSyncAccessHandle file, String label) {
        StoreException.check(file != null, "no file given");
        return salvage(OpfsFile.labelled(file, label == null ? "file" : label));
    }

    private static JsSalvage salvage(BlockFile file) {
        try {
            return new JsSalvage(RowSalvage.of(file));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        } finally {
            closeQuietly(file);
        }
    }

    private static JsRowStore openRows(BlockFile file, String durability) {
        try {
            return new JsRowStore(RowStore.open(file, storeOptions(durability)), file);
        } catch (StoreException e) {
            closeQuietly(file);
            throw JsErrors.toJs(e);
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw JsErrors.toJs(e);
        }
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
