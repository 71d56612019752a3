package cojson.storage.opfs.cojson;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.WriteBatch;
import java.util.Arrays;
import java.util.HashSet;

/**
 * The {@code tx} object of {@code transaction(cb)}: reads see this transaction's own writes;
 * {@link #commit()} applies all of them atomically, {@link #rollback()} none. Any call after the
 * transaction ended throws CLOSED.
 */
public final class RowTransaction implements AutoCloseable {
    private final RowStore rows;
    private final WriteBatch batch;
    private final Reads reads;
    private final HashSet<Long> knownSessions = new HashSet<>();
    private boolean allocatedSession;
    private long insertedCoValues;
    private boolean ended;

    RowTransaction(RowStore rows, WriteBatch batch) {
        this.rows = rows;
        this.batch = batch;
        this.reads = Reads.of(batch);
    }

    /** The session row of (coValue, sessionID) as this transaction sees it, or null. */
    public String getSingleCoValueSession(double coValueRowID, String sessionID) {
        checkLive();
        long coValue = Args.rowID(coValueRowID, "coValueRowID");
        Args.id(sessionID, "sessionID");
        byte[] v = batch.get(Keys.withLongString(Keys.SESSION, coValue, sessionID));
        if (v == null) {
            return null;
        }
        JsonBytes out = new JsonBytes();
        SessionCodec.appendJson(out, coValue, sessionID, v);
        return out.toString();
    }

    /** The coValue's sessions as this transaction sees them, in rowID order. */
    public String getCoValueSessions(double coValueRowID) {
        checkLive();
        return RowStore.sessionsJson(reads, Args.rowID(coValueRowID, "coValueRowID"), new JsonBytes()).toString();
    }

    /**
     * Upserts the session (coValue, sessionID): sets lastIdx, lastSignature and
     * bytesSinceLastSignature (negative: absent). Returns the session's rowID.
     */
    public double addSessionUpdate(double coValueRowID, String sessionID, double lastIdx, String lastSignature,
                                   double bytesSinceLastSignature) {
        checkLive();
        long coValue = Args.rowID(coValueRowID, "sessionUpdate.coValue");
        Args.id(sessionID, "sessionUpdate.sessionID");
        long last = Args.index(lastIdx, "sessionUpdate.lastIdx");
        Args.text(lastSignature, "sessionUpdate.lastSignature");
        long bytes = bytesSinceLastSignature < 0 || Double.isNaN(bytesSinceLastSignature) ? -1
                : Args.index(bytesSinceLastSignature, "sessionUpdate.bytesSinceLastSignature");
        byte[] key = Keys.withLongString(Keys.SESSION, coValue, sessionID);
        byte[] existing = batch.get(key);
        long rowID;
        if (existing != null) {
            rowID = SessionCodec.rowID(existing);
        } else {
            StoreException.check(batch.get(Keys.withLong(Keys.COVALUE_BY_ROW, coValue)) != null,
                    "sessionUpdate.coValue " + coValue + " is not a stored coValue rowID");
            rowID = rows.nextSessionRow++;
            allocatedSession = true;
            batch.put(Keys.withLong(Keys.SESSION_BY_ROW, rowID), Keys.sessionByRow(coValue, sessionID));
        }
        batch.put(key, SessionCodec.encode(rowID, last, bytes, lastSignature));
        knownSessions.add(rowID);
        return rowID;
    }

    /** Stores (or overwrites) transaction {@code idx} of a session as its exact JSON text. */
    public void addTransaction(double sessionRowID, double idx, String txJson) {
        checkLive();
        long ses = checkSession(sessionRowID);
        long i = Args.txIndex(idx, "idx");
        Args.text(txJson, "tx");
        batch.put(Keys.withLongInt(Keys.TRANSACTION, ses, i), Keys.utf8(txJson));
    }

    /**
     * {@link #addTransaction(double, double, String)} with the transaction's JSON text already in
     * UTF-8: bytes {@code [offset, offset + count)} of {@code utf8} (a tab's commit, {@link TabCommit}).
     */
    void addTransaction(double sessionRowID, double idx, byte[] utf8, int offset, int count) {
        checkLive();
        long ses = checkSession(sessionRowID);
        long i = Args.txIndex(idx, "idx");
        byte[] text = new byte[count];
        System.arraycopy(utf8, offset, text, 0, count);
        batch.put(Keys.withLongInt(Keys.TRANSACTION, ses, i), text);
    }

    /** Whether the coValue row {@code coValueRowID} exists, as this transaction sees it, and is {@code id}. */
    boolean coValueRowIs(double coValueRowID, String id) {
        checkLive();
        byte[] v = batch.get(Keys.withLong(Keys.COVALUE_BY_ROW, Args.rowID(coValueRowID, "coValueRowID")));
        return v != null && Keys.string(v, 0, v.length).equals(Args.id(id, "id"));
    }

    /** Whether the session row (coValue, sessionID) is stored as exactly {@code seen} (null: absent). */
    boolean sessionBytesAre(double coValueRowID, String sessionID, byte[] seen) {
        checkLive();
        long coValue = Args.rowID(coValueRowID, "coValueRowID");
        byte[] v = batch.get(Keys.withLongString(Keys.SESSION, coValue, Args.id(sessionID, "sessionID")));
        return seen == null ? v == null : v != null && Arrays.equals(v, seen);
    }

    /** Whether the lock row {@code key} is stored as exactly {@code seen} (null: absent). */
    boolean lockBytesAre(String key, byte[] seen) {
        checkLive();
        byte[] v = batch.get(Keys.withString(Keys.LOCK, Args.id(key, "key")));
        return seen == null ? v == null : v != null && Arrays.equals(v, seen);
    }

    /** Upserts the checkpoint signature after transaction {@code idx}. */
    public void addSignatureAfter(double sessionRowID, double idx, String signature) {
        checkLive();
        long ses = checkSession(sessionRowID);
        long i = Args.txIndex(idx, "idx");
        Args.text(signature, "signature");
        batch.put(Keys.withLongInt(Keys.SIGNATURE, ses, i), Keys.utf8(signature));
    }

    /** Enqueues {@code id} for deletion; an id whose delete is already done stays done. */
    public void markCoValueAsDeleted(String id) {
        checkLive();
        Args.id(id, "id");
        byte[] key = Keys.withString(Keys.DELETED, id);
        if (batch.get(key) == null) {
            batch.put(key, new byte[] {Keys.DELETE_PENDING});
        }
    }

    /**
     * The body of an erase: deletes transactions, signatures and rows of every session of the
     * coValue whose id does not end in '$', and marks its delete done.
     */
    public void deleteCoValueContent(double coValueRowID, String id) {
        checkLive();
        deleteCoValueContent(Args.rowID(coValueRowID, "rowID"), Args.id(id, "id"));
    }

    void deleteCoValueContent(long coValue, String id) {
        for (SessionCodec.Entry s : RowStore.sessions(reads, coValue)) {
            String sessionID = s.sessionID();
            if (sessionID.endsWith("$")) {
                continue;
            }
            long ses = s.rowID();
            deletePrefix(Keys.withLong(Keys.TRANSACTION, ses));
            deletePrefix(Keys.withLong(Keys.SIGNATURE, ses));
            batch.delete(Keys.withLongString(Keys.SESSION, coValue, sessionID));
            batch.delete(Keys.withLong(Keys.SESSION_BY_ROW, ses));
        }
        batch.put(Keys.withString(Keys.DELETED, id), new byte[] {Keys.DELETE_DONE});
    }

    private void deletePrefix(byte[] prefix) {
        Cursor c = batch.scanPrefix(prefix);
        while (c.next()) {
            batch.delete(c.key());
        }
    }

    /** The raw lock row {@code key} as JSON, or null. */
    public String getStorageReconciliationLock(String key) {
        checkLive();
        Args.id(key, "key");
        byte[] v = batch.get(Keys.withString(Keys.LOCK, key));
        return v == null ? null : LockCodec.decode(v).toJson(key);
    }

    /** Inserts or replaces a lock row; {@code releasedAt} negative means absent. */
    public void putStorageReconciliationLock(String key, String holderSessionId, double acquiredAt, double releasedAt,
                                             double lastProcessedOffset) {
        checkLive();
        Args.id(key, "key");
        Args.id(holderSessionId, "holderSessionId");
        long acquired = Args.index(acquiredAt, "acquiredAt");
        long released = releasedAt < 0 || Double.isNaN(releasedAt) ? -1 : Args.index(releasedAt, "releasedAt");
        long offset = Args.index(lastProcessedOffset, "lastProcessedOffset");
        batch.put(Keys.withString(Keys.LOCK, key), new LockCodec(holderSessionId, acquired, released, offset).encode());
    }

    /**
     * {@link RowStore#upsertCoValue} inside this transaction: with a header, inserts the coValue if
     * this transaction does not see it (never overwrites) and returns its rowID; without (null),
     * its rowID or -1. For bulk writers (the migration from IndexedDB) that must not pay one commit
     * per coValue. The caller keeps any other writer of the same id out until this commits (the
     * migration begins and commits within one synchronous step): two open transactions inserting
     * one id would give it two rows.
     */
    public double upsertCoValue(String id, String headerJson) {
        checkLive();
        Args.id(id, "id");
        byte[] byId = Keys.withString(Keys.COVALUE_BY_ID, id);
        byte[] existing = batch.get(byId);
        if (existing != null) {
            return Keys.coValueRowID(existing);
        }
        if (headerJson == null) {
            return -1;
        }
        long rowID = rows.nextCoValueRow++;
        byte[] v = Keys.coValueRow(rowID, headerJson);
        batch.put(byId, v);
        batch.put(Keys.withLong(Keys.COVALUE_BY_ROW, rowID), Keys.utf8(id));
        insertedCoValues++;
        return rowID;
    }

    /** The meta entry {@code name} as this transaction sees it, or null. */
    public String getMeta(String name) {
        checkLive();
        byte[] v = batch.get(Keys.withString(Keys.META, Args.id(name, "name")));
        return v == null ? null : Keys.string(v, 0, v.length);
    }

    /** Sets the meta entry {@code name}; it commits with the rest of this transaction. */
    public void putMeta(String name, String value) {
        checkLive();
        Args.id(name, "name");
        batch.put(Keys.withString(Keys.META, name), Keys.utf8(Args.text(value, "value")));
    }

    public void commit() {
        checkLive();
        ended = true;
        if (allocatedSession) {
            batch.put(Keys.NEXT_SESSION_ROW, Keys.longValue(rows.nextSessionRow));
        }
        if (insertedCoValues > 0) {
            // Counted at commit: a rolled-back insert must not count (its rowID stays unused).
            batch.put(Keys.NEXT_COVALUE_ROW, Keys.longValue(rows.nextCoValueRow));
            batch.put(Keys.COVALUE_COUNT, Keys.longValue((long) rows.getCoValueCount() + insertedCoValues));
        }
        batch.commit();
    }

    public void rollback() {
        checkLive();
        ended = true;
        batch.rollback();
    }

    /** Rolls back unless already ended. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            batch.close();
        }
    }

    private long checkSession(double sessionRowID) {
        long ses = Args.rowID(sessionRowID, "sessionRowID");
        if (!knownSessions.contains(ses)) {
            StoreException.check(batch.get(Keys.withLong(Keys.SESSION_BY_ROW, ses)) != null,
                    "sessionRowID " + ses + " is not a stored session");
            knownSessions.add(ses);
        }
        return ses;
    }

    private void checkLive() {
        if (ended) {
            throw StoreException.closed("this transaction has ended: use the tx object only inside its transaction() callback");
        }
    }
}
