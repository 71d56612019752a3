package cojson.storage.opfs.bench;

import java.util.Arrays;
import java.util.Comparator;

/**
 * What a correct engine must return, computed from the streams alone: the loaded entries sorted
 * by unsigned key bytes (a later put of the same key wins). The benchmark checks every engine's
 * checksum against this, which also makes the engines agree with each other.
 */
final class ReferenceModel {
    private final byte[][] sortedKeys;
    private final byte[][] sortedValues;

    ReferenceModel(byte[][] keys, byte[][] values, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // Stable sort: among equal keys the later put stays last, and the dedupe below keeps it.
        Arrays.sort(order, Comparator.comparing((Integer i) -> keys[i], Arrays::compareUnsigned));
        byte[][] k = new byte[count][];
        byte[][] v = new byte[count][];
        int n = 0;
        for (int i = 0; i < count; i++) {
            byte[] key = keys[order[i]];
            if (n > 0 && Arrays.equals(k[n - 1], key)) {
                n--;
            }
            k[n] = key;
            v[n] = values[order[i]];
            n++;
        }
        sortedKeys = Arrays.copyOf(k, n);
        sortedValues = Arrays.copyOf(v, n);
    }

    /** Every entry in key order, as a full scan returns it. */
    Checksum all() {
        Checksum sum = new Checksum();
        for (int i = 0; i < sortedKeys.length; i++) {
            sum.addEntry(sortedKeys[i], sortedValues[i]);
        }
        return sum;
    }

    /** The values of {@code keys[order[0]], keys[order[1]], ...}, as point gets return them. */
    Checksum gets(byte[][] keys, int[] order) {
        Checksum sum = new Checksum();
        for (int index : order) {
            int at = Arrays.binarySearch(sortedKeys, keys[index], Arrays::compareUnsigned);
            sum.addValue(at >= 0 ? sortedValues[at] : null);
        }
        return sum;
    }

    /** Up to {@code length} entries from each start key, as the range-scan workload reads them. */
    Checksum scans(byte[][] starts, int length) {
        Checksum sum = new Checksum();
        for (byte[] start : starts) {
            int at = Arrays.binarySearch(sortedKeys, start, Arrays::compareUnsigned);
            int from = at >= 0 ? at : -at - 1;
            int to = Math.min(sortedKeys.length, from + length);
            for (int i = from; i < to; i++) {
                sum.addEntry(sortedKeys[i], sortedValues[i]);
            }
            sum.endScan(to - from);
        }
        return sum;
    }
}
