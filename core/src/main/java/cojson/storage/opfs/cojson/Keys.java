package cojson.storage.opfs.cojson;

import java.nio.charset.StandardCharsets;

/**
 * The cojson tables as key prefixes over the engine: the key layout, version {@link #LAYOUT_VERSION}.
 * Integers are big-endian so keys sort numerically; strings are UTF-8 (cojson ids and session ids
 * never contain a 0 byte).
 *
 * <pre>
 * TABLE             KEY                                   VALUE
 * coValue by id     'i' id                                rowID(8) headerJson
 * coValue by rowID  'c' rowID(8)                          id
 * session           's' coValueRowID(8) sessionID         {@link SessionCodec}
 * session by rowID  'r' rowID(8)                          coValueRowID(8) sessionID
 * transaction       't' sessionRowID(8) idx(4)            txJson
 * signature         'g' sessionRowID(8) idx(4)            signature
 * unsynced          'u' id 0x00 peerID                    (empty)
 * deleted queue     'd' id                                status(1): 0 pending, 1 done
 * lock              'l' "lock#" peerID                    {@link LockCodec}
 * counter           'm' name                              value(8)
 * meta              'x' name                              UTF-8 text
 * </pre>
 *
 * Key offsets:
 * <pre>
 *   OFFSET SIZE  FIELD
 *   0      1     table
 *   1      8     rowID ('c', 'r'), coValueRowID ('s'), sessionRowID ('t', 'g')
 *   1      n     id or name ('i', 'u', 'd', 'l', 'm', 'x')
 *   9      n     sessionID ('s')
 *   9      4     idx ('t', 'g'): such a key is 13 bytes
 * </pre>
 *
 * <p>The meta table holds small facts about the store itself that are not cojson rows, written
 * atomically with the rows they describe: {@link #LAYOUT_VERSION_META} (this layout's version,
 * see {@link KeyLayout}), and e.g. {@code migration:indexeddb:<db name>}, recorded in the same
 * transaction as the last rows a finished migration from IndexedDB wrote.
 */
final class Keys {
    private Keys() {
    }

    /**
     * The version of this key layout, independent of the engine's file format: a change to a
     * table's key or value bytes bumps it ({@link KeyLayout} refuses a store of a newer layout).
     */
    static final int LAYOUT_VERSION = 1;
    /** The meta entry that records the layout version, as decimal text. */
    static final String LAYOUT_VERSION_META = "keyLayoutVersion";

    static final byte COVALUE_BY_ID = 'i';
    static final byte COVALUE_BY_ROW = 'c';
    static final byte SESSION = 's';
    static final byte SESSION_BY_ROW = 'r';
    static final byte TRANSACTION = 't';
    static final byte SIGNATURE = 'g';
    static final byte UNSYNCED = 'u';
    static final byte DELETED = 'd';
    static final byte LOCK = 'l';
    static final byte COUNTER = 'm';
    static final byte META = 'x';

    // ---- key offsets (the table above)
    static final int TABLE = 0;
    /** The text of a key with one string: an id or a name. */
    static final int TEXT = TABLE + 1;
    static final int ROW_ID = TABLE + 1;
    static final int SESSION_ID = ROW_ID + 8;
    static final int IDX = ROW_ID + 8;
    /** The size of a key made of a table, a rowID and an idx ('t', 'g'). */
    static final int ROW_ID_IDX_BYTES = IDX + 4;
    /** The size of a key made of a table and a rowID ('c', 'r'). */
    static final int ROW_ID_BYTES = ROW_ID + 8;
    /** Separates the id from the peer in an unsynced key. */
    static final byte UNSYNCED_SEPARATOR = 0;
    /** The key of a reconciliation lock is this prefix and the peer's id (cojson's own key). */
    static final String LOCK_KEY_PREFIX = "lock#";

    // ---- value offsets
    /** coValue by id: rowID(8) headerJson. */
    static final int COVALUE_ROW_ID = 0;
    static final int COVALUE_HEADER = COVALUE_ROW_ID + 8;
    /** session by rowID: coValueRowID(8) sessionID. */
    static final int SESSION_ROW_COVALUE = 0;
    static final int SESSION_ROW_SESSION_ID = SESSION_ROW_COVALUE + 8;
    /** counter: value(8). */
    static final int COUNTER_VALUE = 0;
    /** deleted queue: status(1). */
    static final byte DELETE_PENDING = 0;
    static final byte DELETE_DONE = 1;

    static final byte[] NEXT_COVALUE_ROW = counter("nextCoValueRowID");
    static final byte[] NEXT_SESSION_ROW = counter("nextSessionRowID");
    static final byte[] COVALUE_COUNT = counter("coValueCount");

    static byte[] utf8(String s) {
        return Utf8.encode(s);
    }

    static String string(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.UTF_8);
    }

    static byte[] withString(byte table, String s) {
        byte[] text = utf8(s);
        byte[] k = new byte[TEXT + text.length];
        k[TABLE] = table;
        System.arraycopy(text, 0, k, TEXT, text.length);
        return k;
    }

    static byte[] withLong(byte table, long v) {
        byte[] k = new byte[ROW_ID_BYTES];
        k[TABLE] = table;
        putLong(k, ROW_ID, v);
        return k;
    }

    static byte[] withLongString(byte table, long v, String s) {
        byte[] text = utf8(s);
        byte[] k = new byte[SESSION_ID + text.length];
        k[TABLE] = table;
        putLong(k, ROW_ID, v);
        System.arraycopy(text, 0, k, SESSION_ID, text.length);
        return k;
    }

    static byte[] withLongInt(byte table, long v, long idx) {
        byte[] k = new byte[ROW_ID_IDX_BYTES];
        k[TABLE] = table;
        putLong(k, ROW_ID, v);
        putInt(k, IDX, (int) idx);
        return k;
    }

    static byte[] unsynced(String id, String peer) {
        byte[] a = utf8(id);
        byte[] b = utf8(peer);
        byte[] k = new byte[TEXT + a.length + 1 + b.length];
        k[TABLE] = UNSYNCED;
        System.arraycopy(a, 0, k, TEXT, a.length);
        k[TEXT + a.length] = UNSYNCED_SEPARATOR;
        System.arraycopy(b, 0, k, TEXT + a.length + 1, b.length);
        return k;
    }

    static byte[] unsyncedPrefix(String id) {
        byte[] a = utf8(id);
        byte[] k = new byte[TEXT + a.length + 1];
        k[TABLE] = UNSYNCED;
        System.arraycopy(a, 0, k, TEXT, a.length);
        k[TEXT + a.length] = UNSYNCED_SEPARATOR;
        return k;
    }

    /** The id of an unsynced key (the text before its separator). */
    static String unsyncedId(byte[] k) {
        return string(k, TEXT, unsyncedSeparator(k) - TEXT);
    }

    /** The peer of an unsynced key (the text after its separator). */
    static String unsyncedPeer(byte[] k) {
        int separator = unsyncedSeparator(k);
        return separator >= k.length ? "" : string(k, separator + 1, k.length - separator - 1);
    }

    private static int unsyncedSeparator(byte[] k) {
        int at = TEXT;
        while (at < k.length && k[at] != UNSYNCED_SEPARATOR) {
            at++;
        }
        return at;
    }

    /** The text of a key with one string ('i', 'd', 'l', 'm', 'x'). */
    static String text(byte[] k) {
        return string(k, TEXT, k.length - TEXT);
    }

    /** The sessionID of a session key. */
    static String sessionID(byte[] k) {
        return string(k, SESSION_ID, k.length - SESSION_ID);
    }

    /** The rowID of a key that has one ('c', 'r', 's', 't', 'g'). */
    static long rowID(byte[] k) {
        return getLong(k, ROW_ID);
    }

    /** The key of the reconciliation lock of {@code peerId}. */
    static byte[] reconciliationLock(String peerId) {
        return withString(LOCK, LOCK_KEY_PREFIX + peerId);
    }

    /** The value of the session-by-rowID table: coValueRowID(8) sessionID. */
    static byte[] sessionByRow(long coValueRowID, String sessionID) {
        byte[] idText = utf8(sessionID);
        byte[] v = new byte[SESSION_ROW_SESSION_ID + idText.length];
        putLong(v, SESSION_ROW_COVALUE, coValueRowID);
        System.arraycopy(idText, 0, v, SESSION_ROW_SESSION_ID, idText.length);
        return v;
    }

    /** The rowID in a value of the coValue-by-id table. */
    static long coValueRowID(byte[] v) {
        return getLong(v, COVALUE_ROW_ID);
    }

    /** A counter's value. */
    static long counterValue(byte[] v) {
        return getLong(v, COUNTER_VALUE);
    }

    private static byte[] counter(String name) {
        return withString(COUNTER, name);
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static long getUnsignedInt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** A counter's value bytes. */
    static byte[] longValue(long v) {
        byte[] b = new byte[COUNTER_VALUE + 8];
        putLong(b, COUNTER_VALUE, v);
        return b;
    }

    /** The value of the coValue-by-id table: rowID(8) then the header's JSON text as it came. */
    static byte[] coValueRow(long rowID, String headerJson) {
        byte[] header = utf8(headerJson);
        byte[] v = new byte[COVALUE_HEADER + header.length];
        putLong(v, COVALUE_ROW_ID, rowID);
        System.arraycopy(header, 0, v, COVALUE_HEADER, header.length);
        return v;
    }
}
