package cojson.storage.opfs.cojson;

/**
 * A reconciliation lock row's value:
 * {@code acquiredAt(8) hasReleasedAt(1) releasedAt(8) lastProcessedOffset(8) holderSessionId}.
 * Times are milliseconds since the epoch, kept exact as longs.
 */
final class LockCodec {
    private static final int ACQUIRED_AT = 0;
    private static final int HAS_RELEASED = ACQUIRED_AT + 8;
    private static final int RELEASED_AT = HAS_RELEASED + 1;
    private static final int OFFSET = RELEASED_AT + 8;
    private static final int HOLDER = OFFSET + 8;

    final String holderSessionId;
    final long acquiredAt;
    /** -1 when absent. */
    final long releasedAt;
    final long lastProcessedOffset;

    LockCodec(String holderSessionId, long acquiredAt, long releasedAt, long lastProcessedOffset) {
        this.holderSessionId = holderSessionId;
        this.acquiredAt = acquiredAt;
        this.releasedAt = releasedAt;
        this.lastProcessedOffset = lastProcessedOffset;
    }

    boolean released() {
        return releasedAt >= 0;
    }

    /** Released in cojson's sense: {@code releasedAt} present and not 0 (its checks are truthiness). */
    boolean releasedTruthy() {
        return releasedAt > 0;
    }

    byte[] encode() {
        byte[] holder = Keys.utf8(holderSessionId);
        byte[] v = new byte[HOLDER + holder.length];
        Keys.putLong(v, ACQUIRED_AT, acquiredAt);
        v[HAS_RELEASED] = (byte) (released() ? 1 : 0);
        Keys.putLong(v, RELEASED_AT, Math.max(0, releasedAt));
        Keys.putLong(v, OFFSET, lastProcessedOffset);
        System.arraycopy(holder, 0, v, HOLDER, holder.length);
        return v;
    }

    static LockCodec decode(byte[] v) {
        return new LockCodec(Keys.string(v, HOLDER, v.length - HOLDER), Keys.getLong(v, ACQUIRED_AT),
                v[HAS_RELEASED] != 0 ? Keys.getLong(v, RELEASED_AT) : -1, Keys.getLong(v, OFFSET));
    }

    String toJson(String key) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"key\":");
        Json.quote(out, key);
        out.append(",\"holderSessionId\":");
        Json.quote(out, holderSessionId);
        out.append(",\"acquiredAt\":").append(acquiredAt);
        if (released()) {
            out.append(",\"releasedAt\":").append(releasedAt);
        }
        out.append(",\"lastProcessedOffset\":").append(lastProcessedOffset).append('}');
        return out.toString();
    }
}
