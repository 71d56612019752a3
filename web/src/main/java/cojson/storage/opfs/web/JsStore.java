package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Store;
import org.teavm.classlib.PlatformDetector;
import org.teavm.jso.JSExport;

/** An open store as JS sees it. Methods throw a JS {@code Error} with a {@code code} on failure. */
public final class JsStore {
    private final Store store;

    JsStore(Store store) {
        this.store = store;
    }

    /** Starts a write batch; several may be open, and each commits on its own. */
    @JSExport
    public JsBatch begin() {
        try {
            return new JsBatch(store.begin());
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The committed value of {@code key}, or null. */
    @JSExport
    public String get(String key) {
        try {
            return Text.stringOrNull(store.get(Text.key(key)));
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /**
     * Entries with {@code fromInclusive <= key < toExclusive} in key order (UTF-8 byte order; null
     * is unbounded) as a JSON text {@code [[key, value], ...]}.
     */
    @JSExport
    public String scan(String fromInclusive, String toExclusive) {
        try {
            return Text.entriesJson(store.scan(Text.bytesOrNull(fromInclusive), Text.bytesOrNull(toExclusive)));
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Entries whose key starts with {@code prefix}, as {@link #scan}. */
    @JSExport
    public String scanPrefix(String prefix) {
        try {
            Cursor cursor = store.scanPrefix(Text.key(prefix));
            return Text.entriesJson(cursor);
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The store's counters as a JSON object text, with {@code engine}: which build is running. */
    @JSExport
    public String stats() {
        try {
            String counters = store.stats().toJson();
            return "{\"engine\":\"" + engine() + "\"," + counters.substring(1);
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Checks the file's integrity; throws a {@code CORRUPT} error naming the first damage found. */
    @JSExport
    public void verify() {
        try {
            store.verify();
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Closes the store and its file. Closing twice is harmless. */
    @JSExport
    public void close() {
        try {
            store.close();
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    static String engine() {
        if (PlatformDetector.isWebAssemblyGC()) {
            return "wasm-gc";
        }
        return PlatformDetector.isJavaScript() ? "js" : "jvm";
    }
}
