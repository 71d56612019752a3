package cojson.storage.opfs.cojson;

import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.BlockFile;
import java.util.ArrayList;
import java.util.List;

/**
 * cojson's row store (CONTRACT.md, {@code DBClientInterfaceSync}) on the engine; tables in
 * {@link Keys}. Row results are JSON text built here and parsed once on the JS side, with stored
 * header and transaction texts spliced in as they are. The reads cojson makes while loading
 * (getCoValue, sessions, transactions, signatures, known state) write UTF-8 into one reused
 * {@link JsonBytes} and return it: valid until the next such read. Numbers arrive as JS doubles and are
 * checked ({@link Args}); a bad argument throws INVALID_ARGUMENT before anything is written.
 *
 * <p>rowIDs come from in-memory counters seeded from persisted ones and written with each batch
 * that allocates, so they start at 1 and are never reused, even across open transactions.
 */
public final class RowStore implements AutoCloseable {
    private final Store store;
    private final Reads committed;
    private final JsonBytes out = new JsonBytes();
    long nextCoValueRow;
    long nextSessionRow;

    public RowStore(Store store) {
        KeyLayout.check(store);
        this.store = store;
        this.committed = Reads.of(store);
        this.nextCoValueRow = counter(Keys.NEXT_COVALUE_ROW, 1);
        this.nextSessionRow = counter(Keys.NEXT_SESSION_ROW, 1);
    }

    public static RowStore open(BlockFile file, StoreOptions options) {
        return new RowStore(Store.open(file, options));
    }

    public Store store() {
        return store;
    }

    private long counter(byte[] key, long initial) {
        byte[] v = store.get(key);
        return v == null ? initial : Keys.counterValue(v);
    }

    // ---- coValues

    /** {@code {"rowID","id","header"}} or null. */
    public JsonBytes getCoValue(String id) {
        Args.id(id, "id");
        byte[] v = store.get(Keys.withString(Keys.COVALUE_BY_ID, id));
        if (v == null) {
            return null;
        }
        return out.clear().ascii("{\"rowID\":").number(Keys.coValueRowID(v)).ascii(",\"id\":").quoted(id)
                .ascii(",\"header\":").raw(v, Keys.COVALUE_HEADER, v.length - Keys.COVALUE_HEADER).ascii('}');
    }

    /**
     * With a header: inserts the coValue if absent (never overwrites) and returns its rowID.
     * Without (null): its rowID, or -1 when absent (undefined in JS).
     */
    public double upsertCoValue(String id, String headerJson) {
        Args.id(id, "id");
        byte[] byId = Keys.withString(Keys.COVALUE_BY_ID, id);
        byte[] existing = store.get(byId);
        if (existing != null) {
            return Keys.coValueRowID(existing);
        }
        if (headerJson == null) {
            return -1;
        }
        long rowID = nextCoValueRow++;
        byte[] v = Keys.coValueRow(rowID, headerJson);
        try (WriteBatch b = store.begin()) {
            b.put(byId, v);
            b.put(Keys.withLong(Keys.COVALUE_BY_ROW, rowID), Keys.utf8(id));
            b.put(Keys.NEXT_COVALUE_ROW, Keys.longValue(nextCoValueRow));
            b.put(Keys.COVALUE_COUNT, Keys.longValue(counter(Keys.COVALUE_COUNT, 0) + 1));
            b.commit();
        }
        return rowID;
    }

    /** Read from the store, not cached: a commit that failed after its frame was written still counts. */
    public double getCoValueCount() {
        return counter(Keys.COVALUE_COUNT, 0);
    }

    /** {@code [{"id"}]} of coValues with rowID > offset, ascending, at most limit. */
    public String getCoValueIDs(double limit, double offset) {
        long max = Args.index(limit, "limit");
        long after = Args.index(offset, "offset");
        StringBuilder out = new StringBuilder().append('[');
        Cursor c = store.scan(Keys.withLong(Keys.COVALUE_BY_ROW, after + 1),
                Keys.withLong((byte) (Keys.COVALUE_BY_ROW + 1), 0));
        long n = 0;
        while (n < max && c.next()) {
            byte[] id = c.value();
            out.append(n++ == 0 ? "{\"id\":" : ",{\"id\":");
            Json.quote(out, Keys.string(id, 0, id.length));
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** {@code {"id","header":true,"sessions":{sessionID: lastIdx}}} or null, without reading transactions. */
    public JsonBytes getCoValueKnownState(String id) {
        Args.id(id, "id");
        byte[] v = store.get(Keys.withString(Keys.COVALUE_BY_ID, id));
        if (v == null) {
            return null;
        }
        out.clear().ascii("{\"id\":").quoted(id).ascii(",\"header\":true,\"sessions\":{");
        Cursor c = store.scanPrefix(Keys.withLong(Keys.SESSION, Keys.coValueRowID(v)));
        boolean first = true;
        while (c.next()) {
            byte[] k = c.key();
            if (!first) {
                out.ascii(',');
            }
            first = false;
            out.quotedUtf8(k, Keys.SESSION_ID, k.length - Keys.SESSION_ID).ascii(':').number(SessionCodec.lastIdx(c.value()));
        }
        return out.ascii("}}");
    }

    // ---- sessions, transactions, signatures

    /** The coValue's sessions as {@code StoredSessionRow}s, in rowID order. */
    public JsonBytes getCoValueSessions(double coValueRowID) {
        return sessionsJson(committed, Args.rowID(coValueRowID, "coValueRowID"), out.clear());
    }

    static JsonBytes sessionsJson(Reads reads, long coValueRowID, JsonBytes out) {
        return appendSessions(out, coValueRowID, sessions(reads, coValueRowID));
    }

    private void appendSessions(long coValueRowID, List<SessionCodec.Entry> rows) {
        appendSessions(out, coValueRowID, rows);
    }

    private static JsonBytes appendSessions(JsonBytes out, long coValueRowID, List<SessionCodec.Entry> rows) {
        out.ascii('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.ascii(',');
            }
            SessionCodec.appendJson(out, coValueRowID, rows.get(i).sessionID(), rows.get(i).value());
        }
        return out.ascii(']');
    }

    /** The sessions of a coValue, sorted by session rowID. */
    static List<SessionCodec.Entry> sessions(Reads reads, long coValueRowID) {
        List<SessionCodec.Entry> rows = new ArrayList<>();
        Cursor c = reads.scanPrefix(Keys.withLong(Keys.SESSION, coValueRowID));
        while (c.next()) {
            rows.add(new SessionCodec.Entry(Keys.sessionID(c.key()), c.value()));
        }
        rows.sort((a, b) -> Long.compare(a.rowID(), b.rowID()));
        return rows;
    }

    /** Transactions with {@code fromIdx <= idx <= toIdx}, ascending: {@code [{"ses","idx","tx"}]}. */
    public JsonBytes getNewTransactionInSession(double sessionRowID, double fromIdx, double toIdx) {
        long ses = Args.rowID(sessionRowID, "sessionRowID");
        long from = Args.txIndex(fromIdx, "fromIdx");
        double to = toIdx;
        cojson.storage.opfs.StoreException.check(!Double.isNaN(to), "toIdx must be a number, got NaN");
        out.clear().ascii('[');
        if (to >= from) {
            appendTransactions(ses, from, (long) Math.min(Math.floor(to), 0xFFFFFFFFL), Long.MAX_VALUE);
        }
        return out.ascii(']');
    }

    /**
     * Appends the rows of transactions {@code from..last} (inclusive) of session {@code ses}, comma
     * separated, while fewer than {@code budget} bytes of transaction text have been appended. Returns
     * -1 when every row went in, else the idx of the first row left out.
     */
    private long appendTransactions(long ses, long from, long last, long budget) {
        Cursor c = store.scan(Keys.withLongInt(Keys.TRANSACTION, ses, from),
                last == 0xFFFFFFFFL ? Keys.withLong(Keys.TRANSACTION, ses + 1)
                        : Keys.withLongInt(Keys.TRANSACTION, ses, last + 1));
        byte[] rowStart = Keys.utf8("{\"ses\":" + ses + ",\"idx\":");
        boolean first = true;
        long used = 0;
        while (c.next()) {
            if (used >= budget) {
                return Keys.getUnsignedInt(c.key(), Keys.IDX);
            }
            if (!first) {
                out.ascii(',');
            }
            first = false;
            out.raw(rowStart, 0, rowStart.length);
            appendIndex(c, Keys.IDX);
            out.ascii(",\"tx\":");
            int before = out.length();
            c.readValue(out);
            used += out.length() - before;
            out.ascii('}');
        }
        return -1;
    }

    /** The big-endian unsigned 32-bit index at {@code at}, in int arithmetic when it fits (it always does in practice). */
    private void appendIndex(Cursor c, int at) {
        int idx = ((c.keyByte(at) & 0xFF) << 24) | ((c.keyByte(at + 1) & 0xFF) << 16)
                | ((c.keyByte(at + 2) & 0xFF) << 8) | (c.keyByte(at + 3) & 0xFF);
        if (idx >= 0) {
            out.number(idx);
        } else {
            out.number(idx & 0xFFFFFFFFL);
        }
    }

    /** Signatures with {@code idx >= firstNewTxIdx}, ascending: {@code [{"ses","idx","signature"}]}. */
    public JsonBytes getSignatures(double sessionRowID, double firstNewTxIdx) {
        long ses = Args.rowID(sessionRowID, "sessionRowID");
        long from = Args.txIndex(firstNewTxIdx, "firstNewTxIdx");
        out.clear().ascii('[');
        appendSignatures(ses, from);
        return out.ascii(']');
    }

    private void appendSignatures(long ses, long from) {
        Cursor c = store.scan(Keys.withLongInt(Keys.SIGNATURE, ses, from), Keys.withLong(Keys.SIGNATURE, ses + 1));
        boolean first = true;
        while (c.next()) {
            byte[] sig = c.value();
            out.ascii(first ? "{\"ses\":" : ",{\"ses\":").number(ses).ascii(",\"idx\":");
            appendIndex(c, Keys.IDX);
            out.ascii(",\"signature\":").quotedUtf8(sig, 0, sig.length).ascii('}');
            first = false;
        }
    }

    // ---- what a browser tab asks for (the owner worker passes these answers through untouched)

    /**
     * Everything cojson's load of {@code id} reads, from one consistent state (this call runs alone):
     * <pre>
     * {"coValue": StoredCoValueRow,
     *  "sessions": [StoredSessionRow, ...]               getCoValueSessions' answer, rowID order
     *  "signatures": [[{ses,idx,signature}, ...], ...]   per session, getSignatures(ses, 0)
     *  "transactions": [[{ses,idx,tx}, ...], ...]        per session, every stored row in idx order ...
     *  "until": [n, ...]}                                ... except those with idx >= n; -1: none left out
     * </pre>
     * Transaction rows stop once {@code maxTransactionBytes} of transaction text is in (a huge
     * CoValue's tail is then read by getNewTransactionInSession as before). Null when there is no
     * such coValue.
     */
    public JsonBytes loadCoValue(String id, double maxTransactionBytes) {
        Args.id(id, "id");
        long budget = Args.index(maxTransactionBytes, "maxTransactionBytes");
        byte[] v = store.get(Keys.withString(Keys.COVALUE_BY_ID, id));
        if (v == null) {
            return null;
        }
        long rowID = Keys.coValueRowID(v);
        out.clear().ascii("{\"coValue\":{\"rowID\":").number(rowID).ascii(",\"id\":").quoted(id)
                .ascii(",\"header\":").raw(v, Keys.COVALUE_HEADER, v.length - Keys.COVALUE_HEADER).ascii("},\"sessions\":");
        List<SessionCodec.Entry> rows = sessions(committed, rowID);
        appendSessions(rowID, rows);
        out.ascii(",\"signatures\":[");
        for (int i = 0; i < rows.size(); i++) {
            out.ascii(i == 0 ? "[" : ",[");
            appendSignatures(rows.get(i).rowID(), 0);
            out.ascii(']');
        }
        out.ascii("],\"transactions\":[");
        long[] until = new long[rows.size()];
        long left = budget;
        for (int i = 0; i < rows.size(); i++) {
            out.ascii(i == 0 ? "[" : ",[");
            int before = out.length();
            until[i] = appendTransactions(rows.get(i).rowID(), 0, 0xFFFFFFFFL, left);
            // The JSON around each row counts against the budget too: close enough for a bound.
            left = Math.max(0, left - (out.length() - before));
            out.ascii(']');
        }
        out.ascii("],\"until\":[");
        for (int i = 0; i < until.length; i++) {
            if (i > 0) {
                out.ascii(',');
            }
            out.number(until[i]);
        }
        return out.ascii("]}");
    }

    /**
     * {@link #upsertCoValue} for a tab, whose next step is a transaction reading sessions of this
     * coValue: {@code {"rowID":n,"sessions":[StoredSessionRow, ...]}} (a new coValue has none), or
     * null where upsertCoValue answers -1.
     */
    public JsonBytes upsertCoValueAndSessions(String id, String headerJson) {
        Args.id(id, "id");
        byte[] existing = store.get(Keys.withString(Keys.COVALUE_BY_ID, id));
        long rowID;
        if (existing != null) {
            rowID = Keys.getLong(existing, 0);
        } else if (headerJson == null) {
            return null;
        } else {
            rowID = (long) upsertCoValue(id, headerJson);
            return out.clear().ascii("{\"rowID\":").number(rowID).ascii(",\"sessions\":[]}");
        }
        out.clear().ascii("{\"rowID\":").number(rowID).ascii(",\"sessions\":");
        appendSessions(rowID, sessions(committed, rowID));
        return out.ascii('}');
    }

    /** Applies a tab's buffered transaction in one engine transaction: see {@link TabCommit}. */
    public JsonBytes commitTab(byte[] commit, int length) {
        return TabCommit.apply(this, commit, length, out);
    }

    /** Whether the committed coValue row {@code coValueRowID} is {@code id}. */
    boolean coValueRowIs(double coValueRowID, String id) {
        byte[] v = store.get(Keys.withLong(Keys.COVALUE_BY_ROW, Args.rowID(coValueRowID, "coValueRowID")));
        return v != null && Keys.string(v, 0, v.length).equals(Args.id(id, "id"));
    }

    /** Appends the committed session row (coValue, sessionID) as a StoredSessionRow, or null. */
    void appendSessionRow(JsonBytes to, double coValueRowID, String sessionID) {
        long coValue = Args.rowID(coValueRowID, "coValueRowID");
        byte[] v = store.get(Keys.withLongString(Keys.SESSION, coValue, Args.id(sessionID, "sessionID")));
        if (v == null) {
            to.ascii("null");
        } else {
            SessionCodec.appendJson(to, coValue, sessionID, v);
        }
    }

    /** The committed lock row {@code key} as JSON, or null. */
    String lockJson(String key) {
        byte[] v = store.get(Keys.withString(Keys.LOCK, Args.id(key, "key")));
        return v == null ? null : LockCodec.decode(v).toJson(key);
    }

    // ---- transactions

    /** Opens a transaction; several may be open (see {@link Store#begin()}). */
    public RowTransaction begin() {
        return new RowTransaction(this, store.begin());
    }

    // ---- sync tracking

    /** For each i: synced deletes the (id, peer) entry, unsynced inserts it. One atomic batch. */
    public void trackCoValuesSyncState(String[] ids, String[] peers, boolean[] synced) {
        cojson.storage.opfs.StoreException.check(ids != null && peers != null && synced != null
                && ids.length == peers.length && ids.length == synced.length, "updates must be parallel arrays");
        for (int i = 0; i < ids.length; i++) {
            Args.id(ids[i], "updates[" + i + "].id");
            Args.id(peers[i], "updates[" + i + "].peerId");
        }
        try (WriteBatch b = store.begin()) {
            for (int i = 0; i < ids.length; i++) {
                byte[] k = Keys.unsynced(ids[i], peers[i]);
                if (synced[i]) {
                    b.delete(k);
                } else {
                    b.put(k, new byte[0]);
                }
            }
            b.commit();
        }
    }

    /** Distinct ids with at least one unsynced entry: {@code ["co_z…"]}. */
    public String getUnsyncedCoValueIDs() {
        StringBuilder out = new StringBuilder().append('[');
        Cursor c = store.scanPrefix(new byte[] {Keys.UNSYNCED});
        String last = null;
        while (c.next()) {
            String id = Keys.unsyncedId(c.key());
            if (!id.equals(last)) {
                out.append(last == null ? "" : ",");
                Json.quote(out, id);
                last = id;
            }
        }
        return out.append(']').toString();
    }

    public void stopTrackingSyncState(String id) {
        Args.id(id, "id");
        try (WriteBatch b = store.begin()) {
            Cursor c = store.scanPrefix(Keys.unsyncedPrefix(id));
            while (c.next()) {
                b.delete(c.key());
            }
            b.commit();
        }
    }

    // ---- deletion

    public String getAllCoValuesWaitingForDelete() {
        StringBuilder out = new StringBuilder().append('[');
        Cursor c = store.scanPrefix(new byte[] {Keys.DELETED});
        boolean first = true;
        while (c.next()) {
            if (c.value()[0] == Keys.DELETE_PENDING) {
                out.append(first ? "" : ",");
                Json.quote(out, Keys.text(c.key()));
                first = false;
            }
        }
        return out.append(']').toString();
    }

    /**
     * Erases the content of every session of {@code id} not ending in '$', keeps the coValue row and
     * the delete sessions, and marks the delete done, atomically. False (nothing written) for an
     * unknown id: the JS side warns.
     */
    public boolean eraseCoValueButKeepTombstone(String id) {
        Args.id(id, "id");
        byte[] v = store.get(Keys.withString(Keys.COVALUE_BY_ID, id));
        if (v == null) {
            return false;
        }
        RowTransaction tx = begin();
        try {
            tx.deleteCoValueContent(Keys.coValueRowID(v), id);
            tx.commit();
        } finally {
            tx.close();
        }
        return true;
    }

    // ---- reconciliation locks

    /**
     * The acquire rule of CONTRACT.md, atomically. {@code now}, {@code lockTtlMs} and
     * {@code intervalMs} come from the caller (cojson's config is read at call time in JS).
     * Returns {@code {"acquired":true,"lastProcessedOffset":n}} or {@code {"acquired":false,"reason":…}}.
     */
    public String tryAcquireStorageReconciliationLock(String sessionId, String peerId, double now,
                                                      double lockTtlMs, double intervalMs) {
        Args.id(sessionId, "sessionId");
        Args.id(peerId, "peerId");
        long t = Args.index(now, "now");
        long ttl = Args.index(lockTtlMs, "lockTtlMs");
        long interval = Args.index(intervalMs, "intervalMs");
        byte[] lockKey = Keys.reconciliationLock(peerId);
        byte[] v = store.get(lockKey);
        LockCodec lock = v == null ? null : LockCodec.decode(v);
        if (lock != null && lock.releasedTruthy() && t - lock.releasedAt < interval) {
            return "{\"acquired\":false,\"reason\":\"not_due\"}";
        }
        if (lock != null && !(lock.releasedTruthy()) && lock.acquiredAt + ttl >= t
                && !lock.holderSessionId.equals(sessionId)) {
            return "{\"acquired\":false,\"reason\":\"lock_held\"}";
        }
        long offset = lock != null && !(lock.releasedTruthy()) ? lock.lastProcessedOffset : 0;
        try (WriteBatch b = store.begin()) {
            b.put(lockKey, new LockCodec(sessionId, t, -1, offset).encode());
            b.commit();
        }
        return "{\"acquired\":true,\"lastProcessedOffset\":" + offset + "}";
    }

    public void renewStorageReconciliationLock(String sessionId, String peerId, double offset) {
        Args.id(sessionId, "sessionId");
        Args.id(peerId, "peerId");
        long o = Args.index(offset, "offset");
        byte[] lockKey = Keys.reconciliationLock(peerId);
        byte[] v = store.get(lockKey);
        if (v == null) {
            return;
        }
        LockCodec lock = LockCodec.decode(v);
        if (lock.holderSessionId.equals(sessionId) && !(lock.releasedTruthy())) {
            put(lockKey, new LockCodec(lock.holderSessionId, lock.acquiredAt, lock.releasedAt, o).encode());
        }
    }

    public void releaseStorageReconciliationLock(String sessionId, String peerId, double now) {
        Args.id(sessionId, "sessionId");
        Args.id(peerId, "peerId");
        long t = Args.index(now, "now");
        byte[] lockKey = Keys.reconciliationLock(peerId);
        byte[] v = store.get(lockKey);
        if (v == null) {
            return;
        }
        LockCodec lock = LockCodec.decode(v);
        if (lock.holderSessionId.equals(sessionId)) {
            put(lockKey, new LockCodec(lock.holderSessionId, lock.acquiredAt, t, 0).encode());
        }
    }

    // ---- meta

    /** The meta entry {@code name} (see {@link Keys}) as committed, or null. */
    public String getMeta(String name) {
        byte[] v = store.get(Keys.withString(Keys.META, Args.id(name, "name")));
        return v == null ? null : Keys.string(v, 0, v.length);
    }

    private void put(byte[] key, byte[] value) {
        try (WriteBatch b = store.begin()) {
            b.put(key, value);
            b.commit();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
