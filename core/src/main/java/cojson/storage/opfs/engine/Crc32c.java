package cojson.storage.opfs.engine;

/**
 * CRC-32C (Castagnoli), table-driven, slicing by 8. Written here rather than taken from
 * java.util.zip so that TeaVM compiles the same code for every target.
 */
public final class Crc32c {
    private static final int[] TABLE = new int[8 * 256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            TABLE[n] = c;
        }
        for (int n = 0; n < 256; n++) {
            int c = TABLE[n];
            for (int t = 1; t < 8; t++) {
                c = TABLE[c & 0xFF] ^ (c >>> 8);
                TABLE[t * 256 + n] = c;
            }
        }
    }

    private Crc32c() {
    }

    public static int compute(byte[] bytes, int offset, int length) {
        return update(0, bytes, offset, length);
    }

    /** Continues {@code crc} (a previous result, or 0) over more bytes. */
    public static int update(int crc, byte[] b, int offset, int length) {
        int c = ~crc;
        int i = offset;
        int end = offset + length;
        int end8 = end - 7;
        while (i < end8) {
            c ^= (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
            int hi = (b[i + 4] & 0xFF) | (b[i + 5] & 0xFF) << 8 | (b[i + 6] & 0xFF) << 16 | (b[i + 7] & 0xFF) << 24;
            c = TABLE[7 * 256 + (c & 0xFF)] ^ TABLE[6 * 256 + ((c >>> 8) & 0xFF)]
                    ^ TABLE[5 * 256 + ((c >>> 16) & 0xFF)] ^ TABLE[4 * 256 + (c >>> 24)]
                    ^ TABLE[3 * 256 + (hi & 0xFF)] ^ TABLE[2 * 256 + ((hi >>> 8) & 0xFF)]
                    ^ TABLE[256 + ((hi >>> 16) & 0xFF)] ^ TABLE[hi >>> 24];
            i += 8;
        }
        while (i < end) {
            c = TABLE[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
            i++;
        }
        return ~c;
    }
}
