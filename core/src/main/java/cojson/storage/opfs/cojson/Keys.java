package cojson.storage.opfs.cojson;

import java.nio.charset.StandardCharsets;

/**
 * The cojson tables as key prefixes over the engine. Integers are big-endian so keys sort
 * numerically; strings are UTF-8 (cojson ids and session ids never contain a 0 byte).
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
 * lock              'l' key                               {@link LockCodec}
 * counter           'm' name                              value(8)
 * meta              'x' name                              UTF-8 text
 * </pre>
 *
 * <p>The meta table holds small facts about the store itself that are not cojson rows, written
 * atomically with the rows they describe: e.g. {@code migration:indexeddb:<db name>}, recorded in
 * the same transaction as the last rows a finished migration from IndexedDB wrote.
 */
final class Keys {
    private Keys() {
    }

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
        byte[] k = new byte[1 + text.length];
        k[0] = table;
        System.arraycopy(text, 0, k, 1, text.length);
        return k;
    }

    static byte[] withLong(byte table, long v) {
        byte[] k = new byte[9];
        k[0] = table;
        putLong(k, 1, v);
        return k;
    }

    static byte[] withLongString(byte table, long v, String s) {
        byte[] text = utf8(s);
        byte[] k = new byte[9 + text.length];
        k[0] = table;
        putLong(k, 1, v);
        System.arraycopy(text, 0, k, 9, text.length);
        return k;
    }

    static byte[] withLongInt(byte table, long v, long idx) {
        byte[] k = new byte[13];
        k[0] = table;
        putLong(k, 1, v);
        putInt(k, 9, (int) idx);
        return k;
    }

    static byte[] unsynced(String id, String peer) {
        byte[] a = utf8(id);
        byte[] b = utf8(peer);
        byte[] k = new byte[2 + a.length + b.length];
        k[0] = UNSYNCED;
        System.arraycopy(a, 0, k, 1, a.length);
        System.arraycopy(b, 0, k, 2 + a.length, b.length);
        return k;
    }

    static byte[] unsyncedPrefix(String id) {
        byte[] a = utf8(id);
        byte[] k = new byte[2 + a.length];
        k[0] = UNSYNCED;
        System.arraycopy(a, 0, k, 1, a.length);
        return k;
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

    static byte[] longValue(long v) {
        byte[] b = new byte[8];
        putLong(b, 0, v);
        return b;
    }

    /** The value of the coValue-by-id table: rowID(8) then the header's JSON text as it came. */
    static byte[] coValueRow(long rowID, String headerJson) {
        byte[] header = utf8(headerJson);
        byte[] v = new byte[8 + header.length];
        putLong(v, 0, rowID);
        System.arraycopy(header, 0, v, 8, header.length);
        return v;
    }
}
