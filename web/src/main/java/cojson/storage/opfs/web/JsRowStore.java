package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.cojson.RowStore;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import org.teavm.jso.JSExport;
import org.teavm.classlib.PlatformDetector;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * cojson's row store as JS sees it: one boundary crossing per contract call. Rows come back as
 * JSON for one {@code JSON.parse} in JS (which also makes every result a fresh object): the reads
 * of a load, a tab's load and commit answers as UTF-8 bytes in a fresh {@code Uint8Array}
 * ({@link JsonResult}) that an owner worker hands to a tab untouched (transferred, not copied), the
 * rest as JS strings; null where JS wants {@code undefined}, and -1 for an absent rowID. The JS glue checks argument types
 * first (undefined must not reach a Java String on the JS build); the row store checks values.
 * Every failure is a JS {@code Error} with a {@code code}.
 */
public final class JsRowStore {
    private final RowStore rows;
    private final BlockFile file;
    private final JsonResult json = new JsonResult();

    JsRowStore(RowStore rows, BlockFile file) {
        this.rows = rows;
        this.file = file;
    }

    @JSExport
    public Uint8Array getCoValue(String id) {
        try {
            return json.bytes(rows.getCoValue(id));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** headerJson null: look up only. Returns the rowID, or -1 for none. */
    @JSExport
    public double upsertCoValue(String id, String headerJson) {
        try {
            return rows.upsertCoValue(id, headerJson);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public Uint8Array getCoValueSessions(double coValueRowID) {
        try {
            return json.bytes(rows.getCoValueSessions(coValueRowID));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public Uint8Array getNewTransactionInSession(double sessionRowID, double fromIdx, double toIdx) {
        try {
            return json.bytes(rows.getNewTransactionInSession(sessionRowID, fromIdx, toIdx));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public Uint8Array getSignatures(double sessionRowID, double firstNewTxIdx) {
        try {
            return json.bytes(rows.getSignatures(sessionRowID, firstNewTxIdx));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * Everything cojson's load of {@code id} reads, from one state, for a tab that answers its
     * follow-up reads from it (see {@link RowStore#loadCoValue}); null for an unknown id.
     */
    @JSExport
    public Uint8Array loadCoValue(String id, double maxTransactionBytes) {
        try {
            return json.bytes(rows.loadCoValue(id, maxTransactionBytes));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** upsertCoValue for a tab: the rowID with the coValue's sessions (see {@link RowStore#upsertCoValueAndSessions}). */
    @JSExport
    public Uint8Array upsertCoValueAndSessions(String id, String headerJson) {
        try {
            return json.bytes(rows.upsertCoValueAndSessions(id, headerJson));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * A tab's buffered transaction (reads to check, writes, provisional rowIDs) applied in one
     * engine transaction; answers the real rowIDs or a conflict (see cojson's TabCommit).
     */
    @JSExport
    public Uint8Array commitTab(Uint8Array commit) {
        try {
            StoreException.check(commit != null, "commit bytes are missing");
            int length = commit.getLength();
            byte[] bytes = json.incoming(commit, length);
            return json.bytes(rows.commitTab(bytes, length));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Opens a transaction; several may be open at once, each commits on its own. */
    @JSExport
    public JsRowTransaction begin() {
        try {
            return new JsRowTransaction(rows.begin());
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * All updates in one crossing and one atomic batch: {@code id NUL peerId NUL ("1"|"0") NUL}
     * per update, "1" meaning synced. NUL cannot occur inside an id (the row store refuses it),
     * so the packing is unambiguous; the JS glue refuses ids with NUL before packing.
     */
    @JSExport
    public void trackCoValuesSyncState(String packed) {
        try {
            StoreException.check(packed != null, "updates must be given");
            int n = 0;
            for (int i = 0; i < packed.length(); i++) {
                if (packed.charAt(i) == '\0') {
                    n++;
                }
            }
            StoreException.check(n % 3 == 0, "updates are not packed as id, peerId, synced triples");
            String[] ids = new String[n / 3];
            String[] peers = new String[n / 3];
            boolean[] synced = new boolean[n / 3];
            int start = 0;
            for (int u = 0; u < ids.length; u++) {
                int a = packed.indexOf('\0', start);
                int b = packed.indexOf('\0', a + 1);
                int c = packed.indexOf('\0', b + 1);
                ids[u] = packed.substring(start, a);
                peers[u] = packed.substring(a + 1, b);
                synced[u] = "1".equals(packed.substring(b + 1, c));
                start = c + 1;
            }
            rows.trackCoValuesSyncState(ids, peers, synced);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String getUnsyncedCoValueIDs() {
        try {
            return rows.getUnsyncedCoValueIDs();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void stopTrackingSyncState(String id) {
        try {
            rows.stopTrackingSyncState(id);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String getAllCoValuesWaitingForDelete() {
        try {
            return rows.getAllCoValuesWaitingForDelete();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** False, with nothing written, for an unknown id (the JS glue warns). */
    @JSExport
    public boolean eraseCoValueButKeepTombstone(String id) {
        try {
            return rows.eraseCoValueButKeepTombstone(id);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public Uint8Array getCoValueKnownState(String id) {
        try {
            return json.bytes(rows.getCoValueKnownState(id));
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String getCoValueIDs(double limit, double offset) {
        try {
            return rows.getCoValueIDs(limit, offset);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public double getCoValueCount() {
        try {
            return rows.getCoValueCount();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String tryAcquireStorageReconciliationLock(String sessionId, String peerId, double now,
                                                      double lockTtlMs, double intervalMs) {
        try {
            return rows.tryAcquireStorageReconciliationLock(sessionId, peerId, now, lockTtlMs, intervalMs);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void renewStorageReconciliationLock(String sessionId, String peerId, double offset) {
        try {
            rows.renewStorageReconciliationLock(sessionId, peerId, offset);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void releaseStorageReconciliationLock(String sessionId, String peerId, double now) {
        try {
            rows.releaseStorageReconciliationLock(sessionId, peerId, now);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The committed meta entry {@code name}, or null. */
    @JSExport
    public String getMeta(String name) {
        try {
            return rows.getMeta(name);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The engine's counters as a JSON object text, with {@code engine}: which build is running. */
    @JSExport
    public String stats() {
        try {
            String counters = rows.store().stats().toJson();
            return "{\"engine\":\"" + engine() + "\"," + counters.substring(1);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void verify() {
        try {
            rows.store().verify();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * Makes every commit so far durable: under relaxed durability writes the commits still held in
     * memory and flushes the file; under durable (the default) there are none, and it does nothing.
     */
    @JSExport
    public void flush() {
        try {
            rows.store().flush();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * What the glue calls once the store has had no call for a while: a checkpoint and compaction
     * when worth it ({@link cojson.storage.opfs.engine.Store#idle}), so a reload replays next to
     * nothing and erased space goes back. Returns whether it wrote.
     */
    @JSExport
    public boolean idle() {
        try {
            return rows.store().idle();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * The file's bytes, a copy: every commit so far is in them (a durable store writes each commit
     * before it returns; a relaxed one is flushed first), so {@code openRowsMemory(bytes)} opens
     * the same rows.
     */
    @JSExport
    public Uint8Array exportBytes() {
        try {
            rows.store().flush();
            long size = file.size();
            StoreException.check(size < Integer.MAX_VALUE - 16, "file of " + size + " bytes is too large to export");
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) size);
            int read = 0;
            while (buffer.hasRemaining()) {
                int step = file.read(read, buffer);
                if (step <= 0) {
                    break;
                }
                read += step;
            }
            return Bytes.copyOf(buffer, read);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Which build runs: "wasm-gc" or "js" ("jvm" never reaches JS). */
    static String engine() {
        if (PlatformDetector.isWebAssemblyGC()) {
            return "wasm-gc";
        }
        return PlatformDetector.isJavaScript() ? "js" : "jvm";
    }

    /** Closes the store and its file. Closing twice is harmless. */
    @JSExport
    public void close() {
        try {
            rows.close();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }
}
