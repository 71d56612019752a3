package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.cojson.RowDump;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.web.node.NodeFile;
import cojson.storage.opfs.web.node.NodeFs;
import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The dump tool's exports ({@link RowDump}: header slots, watermark, tree by level, free list, log
 * frames, checksums, cojson tables), for {@code npx cojson-storage-opfs dump FILE} and for tests.
 * A class of its own, so the exported API classes stay untouched. Never writes.
 */
public final class JsDump {
    private JsDump() {
    }

    /**
     * The dump of the store file on a Node descriptor that the JS side opened read-only and closes
     * itself (the dump never closes it).
     */
    @JSExport
    public static String dumpNodeFile(NodeFs fs, int fd, String path) {
        StoreException.check(fs != null, "no fs module given");
        try {
            return RowDump.of(new NodeFile(fs, fd, path == null ? "(unnamed)" : path));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The dump of a store's file bytes (e.g. what {@code exportBytes()} returned). */
    @JSExport
    public static String dumpBytes(Uint8Array bytes) {
        StoreException.check(bytes != null, "no bytes given");
        try {
            return RowDump.of(MemoryFile.of(Bytes.fromJs(bytes)));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }
}
