package cojson.storage.opfs.cojson;

/**
 * A session row's value: {@code rowID(8) lastIdx(8) hasBytes(1) bytesSinceLastSignature(8) lastSignature}.
 * Rendered as the JSON object cojson expects for a {@code StoredSessionRow}.
 */
final class SessionCodec {
    private static final int ROW_ID = 0;
    private static final int LAST_IDX = ROW_ID + 8;
    private static final int HAS_BYTES = LAST_IDX + 8;
    private static final int BYTES_SINCE = HAS_BYTES + 1;
    private static final int SIGNATURE = BYTES_SINCE + 8;

    private SessionCodec() {
    }

    /** A session row as read from the session table: its sessionID (from the key) and its value. */
    record Entry(String sessionID, byte[] value) {
        long rowID() {
            return SessionCodec.rowID(value);
        }
    }

    /** The shortest valid value: every fixed field, an empty signature. */
    static final int MIN_BYTES = SIGNATURE;

    /** {@code bytesSinceLastSignature} < 0 means absent. */
    static byte[] encode(long rowID, long lastIdx, long bytesSinceLastSignature, String lastSignature) {
        byte[] sig = Keys.utf8(lastSignature);
        byte[] v = new byte[SIGNATURE + sig.length];
        Keys.putLong(v, ROW_ID, rowID);
        Keys.putLong(v, LAST_IDX, lastIdx);
        v[HAS_BYTES] = (byte) (bytesSinceLastSignature >= 0 ? 1 : 0);
        Keys.putLong(v, BYTES_SINCE, Math.max(0, bytesSinceLastSignature));
        System.arraycopy(sig, 0, v, SIGNATURE, sig.length);
        return v;
    }

    static long rowID(byte[] v) {
        return Keys.getLong(v, ROW_ID);
    }

    static long lastIdx(byte[] v) {
        return Keys.getLong(v, LAST_IDX);
    }

    static void appendJson(JsonBytes out, long coValueRowID, String sessionID, byte[] v) {
        out.ascii("{\"rowID\":").number(rowID(v))
                .ascii(",\"coValue\":").number(coValueRowID)
                .ascii(",\"sessionID\":").quoted(sessionID)
                .ascii(",\"lastIdx\":").number(lastIdx(v))
                .ascii(",\"lastSignature\":").quotedUtf8(v, SIGNATURE, v.length - SIGNATURE);
        if (v[HAS_BYTES] != 0) {
            out.ascii(",\"bytesSinceLastSignature\":").number(Keys.getLong(v, BYTES_SINCE));
        }
        out.ascii('}');
    }
}
