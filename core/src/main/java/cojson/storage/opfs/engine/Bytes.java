package cojson.storage.opfs.engine;

/** Unsigned byte-string helpers. Keys order as unsigned bytes, shorter prefix first. */
public final class Bytes {
    private Bytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return compare(a, 0, a.length, b, 0, b.length);
    }

    public static int compare(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        int n = Math.min(aLength, bLength);
        for (int i = 0; i < n; i++) {
            int x = a[aOffset + i] & 0xFF;
            int y = b[bOffset + i] & 0xFF;
            if (x != y) {
                return x - y;
            }
        }
        return aLength - bLength;
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or null when there
     * is none (the prefix is empty or all 0xFF).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if ((prefix[i] & 0xFF) != 0xFF) {
                byte[] end = new byte[i + 1];
                System.arraycopy(prefix, 0, end, 0, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }
}
