package cojson.storage.opfs.bench;

/**
 * The seeded key, value and order streams. Every engine receives the very same arrays, so any
 * difference in what they return is a difference between the engines. The generator is
 * SplitMix64, written out here so the streams do not depend on the JDK's Random implementations.
 */
final class Streams {
    /** Distinguishes sequential keys from the random ones in a dump. */
    private static final long SEQUENTIAL_PREFIX = 0x7365712D6B65793AL; // "seq-key:"

    private Streams() {
    }

    /** {@code count} keys of {@code keyBytes} uniformly random bytes: inserts land all over the tree. */
    static byte[][] randomKeys(long seed, int count, int keyBytes) {
        byte[][] keys = new byte[count][];
        long state = seed;
        for (int i = 0; i < count; i++) {
            keys[i] = new byte[keyBytes];
            state = fill(state, keys[i]);
        }
        return keys;
    }

    /** Keys in ascending unsigned order: an 8-byte prefix, then the index big-endian. */
    static byte[][] sequentialKeys(int count, int keyBytes) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[keyBytes];
            putLong(key, 0, SEQUENTIAL_PREFIX);
            putLong(key, keyBytes - 8, i);
            keys[i] = key;
        }
        return keys;
    }

    /** Incompressible values: neither engine compresses by default, and neither may profit from it. */
    static byte[][] values(long seed, int count, int valueBytes) {
        return randomKeys(seed, count, valueBytes);
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates). */
    static int[] permutation(long seed, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long state = seed;
        for (int i = n - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            int j = (int) Long.remainderUnsigned(mix(state), i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long fill(long state, byte[] out) {
        for (int at = 0; at < out.length; at += 8) {
            state += 0x9E3779B97F4A7C15L;
            long r = mix(state);
            for (int b = 0; b < 8 && at + b < out.length; b++) {
                out[at + b] = (byte) (r >>> (8 * b));
            }
        }
        return state;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void putLong(byte[] b, int offset, long v) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
