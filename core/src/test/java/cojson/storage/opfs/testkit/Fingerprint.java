package cojson.storage.opfs.testkit;

/**
 * An order-independent 128-bit digest of a key-value map: the sum of two 64-bit hashes of every
 * entry. It updates in O(entry) as entries come and go, so a crash test can keep the digest of
 * the model after every commit and match a recovered store against all of them at once.
 */
public final class Fingerprint {
    private long low;
    private long high;
    private long count;

    public Fingerprint copy() {
        Fingerprint f = new Fingerprint();
        f.low = low;
        f.high = high;
        f.count = count;
        return f;
    }

    public void add(byte[] key, byte[] value) {
        low += hash(key, value, 0x9E3779B97F4A7C15L);
        high += hash(key, value, 0xC2B2AE3D27D4EB4FL);
        count++;
    }

    public void remove(byte[] key, byte[] value) {
        low -= hash(key, value, 0x9E3779B97F4A7C15L);
        high -= hash(key, value, 0xC2B2AE3D27D4EB4FL);
        count--;
    }

    public long count() {
        return count;
    }

    public boolean sameAs(Fingerprint other) {
        return low == other.low && high == other.high && count == other.count;
    }

    private static long hash(byte[] key, byte[] value, long seed) {
        long h = mix(seed ^ key.length);
        h = feed(h, key);
        h = mix(h ^ (value.length * 0xFF51AFD7ED558CCDL));
        h = feed(h, value);
        return mix(h);
    }

    private static long feed(long h, byte[] bytes) {
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            long w = (bytes[i] & 0xFFL) | (bytes[i + 1] & 0xFFL) << 8 | (bytes[i + 2] & 0xFFL) << 16
                    | (bytes[i + 3] & 0xFFL) << 24 | (bytes[i + 4] & 0xFFL) << 32 | (bytes[i + 5] & 0xFFL) << 40
                    | (bytes[i + 6] & 0xFFL) << 48 | (bytes[i + 7] & 0xFFL) << 56;
            h = mix(h ^ w) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int s = 0; i < bytes.length; i++, s += 8) {
            tail |= (bytes[i] & 0xFFL) << s;
        }
        return mix(h ^ tail ^ 0x5851F42D4C957F2DL);
    }

    /** The 64-bit finaliser of MurmurHash3. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString() {
        return count + " entries, " + Long.toHexString(high) + Long.toHexString(low);
    }
}
