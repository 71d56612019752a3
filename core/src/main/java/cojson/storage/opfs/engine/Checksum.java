package cojson.storage.opfs.engine;

/**
 * The one checksum of the format: a 32-bit hash with xxHash32's construction (four lanes of
 * multiply-rotate over little-endian words, then an avalanche). Chosen over a table CRC-32C
 * because it only needs 32-bit integer multiplies, which every target runs natively (TeaVM's JS
 * build has no fast 64-bit longs), and measured about four times faster than our CRC-32C on the
 * JVM: a page miss hashes a whole page, so this is on the read path. Chaining is by seed:
 * {@code of(b, seed = previous result)}.
 */
public final class Checksum {
    private static final int P1 = 0x9E3779B1;
    private static final int P2 = 0x85EBCA77;
    private static final int P3 = 0xC2B2AE3D;
    private static final int P4 = 0x27D4EB2F;
    private static final int P5 = 0x165667B1;

    private Checksum() {
    }

    public static int of(byte[] b, int offset, int length, int seed) {
        int i = offset;
        int end = offset + length;
        int h;
        if (length >= 16) {
            int v1 = seed + P1 + P2;
            int v2 = seed + P2;
            int v3 = seed;
            int v4 = seed - P1;
            for (int limit = end - 16; i <= limit; i += 16) {
                v1 = Integer.rotateLeft(v1 + le32(b, i) * P2, 13) * P1;
                v2 = Integer.rotateLeft(v2 + le32(b, i + 4) * P2, 13) * P1;
                v3 = Integer.rotateLeft(v3 + le32(b, i + 8) * P2, 13) * P1;
                v4 = Integer.rotateLeft(v4 + le32(b, i + 12) * P2, 13) * P1;
            }
            h = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12)
                    + Integer.rotateLeft(v4, 18);
        } else {
            h = seed + P5;
        }
        h += length;
        for (; i + 4 <= end; i += 4) {
            h = Integer.rotateLeft(h + le32(b, i) * P3, 17) * P4;
        }
        for (; i < end; i++) {
            h = Integer.rotateLeft(h + (b[i] & 0xFF) * P5, 11) * P1;
        }
        h ^= h >>> 15;
        h *= P2;
        h ^= h >>> 13;
        h *= P3;
        h ^= h >>> 16;
        return h;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | b[i + 3] << 24;
    }
}
