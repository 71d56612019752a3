package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.cojson.RowSalvage;
import cojson.storage.opfs.cojson.RowStore;
import cojson.storage.opfs.engine.Durability;
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
 * compiles only what is reachable from here. (The JVM-only files, {@code JvmFile} and the crash
 * tests' {@code FaultInjectingFile}, live in core's test sources, so no build can reach them.)
 *
 * <p>Every contract call crosses the boundary once: rows come back as one JSON text or one buffer
 * of UTF-8 JSON, not one call per row.
 */
@JSExportClasses({ JsRowStore.class, JsRowTransaction.class, JsSalvage.class, JsDump.class })
public final class WebExports {
    private WebExports() {
    }

    /**
     * The error codes, as a JSON array text, in {@link cojson.storage.opfs.ErrorCode}'s order: the
     * one list that worker-js' src/protocol/errorCodes.js and the .d.ts repeat (a Node test ties them).
     */
    @JSExport
    public static String errorCodes() {
        return JsErrors.codesJson();
    }

    /** True where this runtime has OPFS sync access handles (dedicated workers of current browsers). */
    @JSExport
    public static boolean isOpfsSupported() {
        return FileSystemSyncAccessHandle.isSupported();
    }

    /**
     * cojson's row store on an OPFS sync access handle, which it then owns: closing the store closes
     * the handle, and so does a failed open. {@code name} is the file's name, for error messages.
     */
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
