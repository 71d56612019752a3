package cojson.storage.opfs.web;

import cojson.storage.opfs.cojson.RowTransaction;
import org.teavm.jso.JSExport;

/**
 * A cojson transaction ({@code tx}) as JS sees it; rows as JSON text or null, as in
 * {@link JsRowStore}. After {@link #commit()}, {@link #rollback()} or {@link #close()} every
 * call fails with CLOSED.
 */
public final class JsRowTransaction {
    private final RowTransaction tx;

    JsRowTransaction(RowTransaction tx) {
        this.tx = tx;
    }

    @JSExport
    public String getSingleCoValueSession(double coValueRowID, String sessionID) {
        try {
            return tx.getSingleCoValueSession(coValueRowID, sessionID);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String getCoValueSessions(double coValueRowID) {
        try {
            return tx.getCoValueSessions(coValueRowID);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** bytesSinceLastSignature negative: absent. Returns the session's rowID. */
    @JSExport
    public double addSessionUpdate(double coValueRowID, String sessionID, double lastIdx, String lastSignature,
                                   double bytesSinceLastSignature) {
        try {
            return tx.addSessionUpdate(coValueRowID, sessionID, lastIdx, lastSignature, bytesSinceLastSignature);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void addTransaction(double sessionRowID, double idx, String txJson) {
        try {
            tx.addTransaction(sessionRowID, idx, txJson);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void addSignatureAfter(double sessionRowID, double idx, String signature) {
        try {
            tx.addSignatureAfter(sessionRowID, idx, signature);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void markCoValueAsDeleted(String id) {
        try {
            tx.markCoValueAsDeleted(id);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void deleteCoValueContent(double coValueRowID, String id) {
        try {
            tx.deleteCoValueContent(coValueRowID, id);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public String getStorageReconciliationLock(String key) {
        try {
            return tx.getStorageReconciliationLock(key);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** releasedAt negative: absent. */
    @JSExport
    public void putStorageReconciliationLock(String key, String holderSessionId, double acquiredAt,
                                             double releasedAt, double lastProcessedOffset) {
        try {
            tx.putStorageReconciliationLock(key, holderSessionId, acquiredAt, releasedAt, lastProcessedOffset);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** headerJson null: look up only. Returns the rowID, or -1 for none. */
    @JSExport
    public double upsertCoValue(String id, String headerJson) {
        try {
            return tx.upsertCoValue(id, headerJson);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** The meta entry as this transaction sees it, or null. */
    @JSExport
    public String getMeta(String name) {
        try {
            return tx.getMeta(name);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void putMeta(String name, String value) {
        try {
            tx.putMeta(name, value);
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void commit() {
        try {
            tx.commit();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    @JSExport
    public void rollback() {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }

    /** Rolls back unless already ended; never throws for an ended transaction. */
    @JSExport
    public void close() {
        try {
            tx.close();
        } catch (RuntimeException e) {
            throw JsErrors.toJs(e);
        }
    }
}
