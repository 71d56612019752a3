package cojson.storage.opfs.cojson;

import java.util.Random;

/**
 * Writes shaped like cojson's, through the row store's calls in the order cojson makes them, with
 * sizes measured on real cojson 0.20 data (a private CoMap edit's transaction ~200 B, a small
 * CoMap's header ~185 B, ids 30 and session ids 59 characters, signatures 99): what the space
 * tests and the space report measure without a JS runtime.
 */
final class CojsonShapedWrites {
    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static final String PEER = "peer_storage_sync_server";

    private final RowStore rows;
    private final Random rnd;
    private final String sessionID;

    CojsonShapedWrites(RowStore rows, long seed) {
        this.rows = rows;
        this.rnd = new Random(seed);
        this.sessionID = "co_z" + b58(24) + "_session_z" + b58(21);
    }

    String b58(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(B58.charAt(rnd.nextInt(B58.length())));
        }
        return s.toString();
    }

    String newId() {
        return "co_z" + b58(26);
    }

    private String header(String type) {
        return "{\"type\":\"" + type + "\",\"ruleset\":{\"type\":\"ownedByGroup\",\"group\":\"co_z" + b58(26)
                + "\"},\"meta\":null,\"uniqueness\":\"z" + b58(11) + "\",\"createdAt\":\"2026-12-05T07:31:43.123Z\"}";
    }

    private String signature() {
        return "signature_z" + b58(88);
    }

    String tx(int payloadChars) {
        return "{\"privacy\":\"private\",\"madeAt\":" + (1764920000000L + rnd.nextInt(1 << 30))
                + ",\"keyUsed\":\"key_z" + b58(20) + "\",\"encryptedChanges\":\"encrypted_U" + b58(payloadChars) + "\"}";
    }

    /** A new coValue with one session of {@code txCount} transactions, stored as cojson stores it. */
    long storeNewCoValue(String id, String type, int txCount, int payloadChars) {
        long rowID = (long) rows.upsertCoValue(id, header(type));
        RowTransaction t = rows.begin();
        long ses = (long) t.addSessionUpdate(rowID, sessionID, txCount, signature(), 0);
        for (int i = 0; i < txCount; i++) {
            t.addTransaction(ses, i, tx(payloadChars));
        }
        t.commit();
        rows.trackCoValuesSyncState(new String[] {id}, new String[] {PEER}, new boolean[] {false});
        return ses;
    }

    /** One more transaction in a session, as a local edit: its own commit, the session row updated. */
    void appendTransaction(long coValueRowID, long ses, int idx, int payloadChars, long bytesSinceSignature) {
        RowTransaction t = rows.begin();
        t.addSessionUpdate(coValueRowID, sessionID, idx + 1, signature(), bytesSinceSignature);
        t.addTransaction(ses, idx, tx(payloadChars));
        if (bytesSinceSignature == 0) {
            t.addSignatureAfter(ses, idx, signature());
        }
        t.commit();
    }

    /** The page benchmark's "1,000 small CoMaps in a list": each map created, then appended to the list. */
    void smallCoValuesInAList(int count) {
        String listId = newId();
        long listSes = storeNewCoValue(listId, "colist", 1, 40);
        long listRow = (long) rows.upsertCoValue(listId, null);
        for (int i = 0; i < count; i++) {
            storeNewCoValue(newId(), "comap", 2, 150);
            appendTransaction(listRow, listSes, i + 1, 90, -1);
        }
    }

    /**
     * The page benchmark's "10k-edit CoMap": one session, each edit its own commit, a signature
     * every ~100 KiB. Returns the CoValue's id.
     */
    String editsOfOneCoValue(int edits) {
        String id = newId();
        long ses = storeNewCoValue(id, "comap", 1, 100);
        long row = (long) rows.upsertCoValue(id, null);
        long since = 0;
        for (int i = 1; i < edits; i++) {
            since += 200;
            boolean sign = since >= 100 << 10;
            appendTransaction(row, ses, i, 100, sign ? 0 : since);
            if (sign) {
                since = 0;
            }
        }
        return id;
    }
}
