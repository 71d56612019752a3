package cojson.storage.opfs.web;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.WriteBatch;
import org.teavm.jso.JSExport;

/** A write batch as JS sees it: nothing is visible to the store's reads until {@link #commit()}. */
public final class JsBatch {
    private final WriteBatch batch;

    JsBatch(WriteBatch batch) {
        this.batch = batch;
    }

    @JSExport
    public void put(String key, String value) {
        try {
            StoreException.check(value != null, "value is null (use delete)");
            batch.put(Text.key(key), Text.bytes(value));
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void delete(String key) {
        try {
            batch.delete(Text.key(key));
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The value as this batch sees it (its own writes first), or null. */
    @JSExport
    public String get(String key) {
        try {
            return Text.stringOrNull(batch.get(Text.key(key)));
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Makes every write of the batch visible and durable, or none of them. */
    @JSExport
    public void commit() {
        try {
            batch.commit();
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void rollback() {
        try {
            batch.rollback();
        } catch (StoreException e) {
            throw JsErrors.toJs(e);
        }
    }
}
