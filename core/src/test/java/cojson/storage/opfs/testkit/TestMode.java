package cojson.storage.opfs.testkit;

/**
 * How big a run is. The default is the CI run. {@code -Dengine.long=true} is the long run
 * (ten times the operations, more seeds). {@code -Dengine.seed=N} replaces the fixed seeds by N
 * (to reproduce a failure). {@code -Dengine.threads=N} sets how many threads check crash images
 * and corrupted files (default: the number of cores).
 */
public final class TestMode {
    private TestMode() {
    }

    public static boolean isLong() {
        return Boolean.getBoolean("engine.long");
    }

    /** The CI seeds, or the one seed given by {@code -Dengine.seed}. In long mode, {@code longCount} seeds. */
    public static long[] seeds(long[] ciSeeds, int longCount) {
        String given = System.getProperty("engine.seed");
        if (given != null && !given.isEmpty()) {
            return new long[] {Long.parseLong(given)};
        }
        if (!isLong()) {
            return ciSeeds;
        }
        long[] seeds = new long[Math.max(longCount, ciSeeds.length)];
        System.arraycopy(ciSeeds, 0, seeds, 0, ciSeeds.length);
        long base = System.nanoTime();
        for (int i = ciSeeds.length; i < seeds.length; i++) {
            seeds[i] = base * 31 + i;
        }
        return seeds;
    }

    /** {@code ci} in the CI run, {@code ci * factor} in the long run. */
    public static int scaled(int ci, int factor) {
        return isLong() ? ci * factor : ci;
    }

    public static int threads() {
        return Integer.getInteger("engine.threads", Runtime.getRuntime().availableProcessors());
    }
}
