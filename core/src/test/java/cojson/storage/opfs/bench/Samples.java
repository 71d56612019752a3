package cojson.storage.opfs.bench;

import java.util.Arrays;

/** Order statistics over nanosecond samples. */
final class Samples {
    private Samples() {
    }

    static long median(long[] samples) {
        long[] sorted = sorted(samples);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    static long percentile(long[] samples, double p) {
        long[] sorted = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** (max - min) / median: how much the repetitions disagree. */
    static double spread(long[] samples) {
        long[] sorted = sorted(samples);
        return (double) (sorted[sorted.length - 1] - sorted[0]) / median(sorted);
    }

    private static long[] sorted(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }
}
