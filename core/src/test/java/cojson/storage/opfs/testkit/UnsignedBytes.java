package cojson.storage.opfs.testkit;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The test oracle's own byte-string helpers, written independently of the engine's {@code Bytes}
 * so that a bug there cannot hide in both the store and its model.
 */
public final class UnsignedBytes {
    /** Unsigned lexicographic order, shorter prefix first. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private UnsignedBytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The least key above every key starting with {@code prefix}; null when none exists. */
    public static byte[] prefixEnd(byte[] prefix) {
        int i = prefix.length - 1;
        while (i >= 0 && prefix[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            return null;
        }
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
    }

    /** Hex, shortened in the middle for long strings: for failure messages. */
    public static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int n = bytes.length;
        for (int i = 0; i < n; i++) {
            if (n > 48 && i == 20) {
                sb.append("..");
                i = n - 20;
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.append(" (").append(n).append(" B)").toString();
    }
}
