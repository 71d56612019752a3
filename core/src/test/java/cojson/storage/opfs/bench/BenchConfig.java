package cojson.storage.opfs.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Sizes, seeds and repetition counts of one benchmark run, read from system properties so that
 * the one Maven command can be varied without editing code:
 * <pre>
 *   bench.quick=true      smoke sizes (N=20k, 200 durable commits); numbers are not results
 *   bench.n=200000        keys loaded by the put workloads
 *   bench.reps=5          measured repetitions per engine (the median is reported)
 *   bench.warmups=1       unmeasured repetitions first (JIT, file system)
 *   bench.seed=...        seed of every key, value and order stream
 *   bench.pageSizes=4096,65536  also run our file engine with these page sizes (a default experiment)
 *   bench.dir=/tmp        where the temporary database directory goes
 * </pre>
 */
final class BenchConfig {
    final boolean quick;
    final int keyCount;
    final int batchSize = 1_000;
    final int keyBytes = 16;
    final int valueBytes = 100;
    final int scanCount;
    final int scanLength = 100;
    final int durableCommits;
    final int warmups;
    final int repetitions;
    final long seed;
    final List<Integer> extraPageSizes;
    final String tempParent;

    private BenchConfig(boolean quick, int keyCount, int scanCount, int durableCommits, int warmups,
                        int repetitions, long seed, List<Integer> extraPageSizes, String tempParent) {
        this.quick = quick;
        this.keyCount = keyCount;
        this.scanCount = scanCount;
        this.durableCommits = durableCommits;
        this.warmups = warmups;
        this.repetitions = repetitions;
        this.seed = seed;
        this.extraPageSizes = extraPageSizes;
        this.tempParent = tempParent;
    }

    static BenchConfig fromSystemProperties() {
        boolean quick = Boolean.getBoolean("bench.quick");
        int keyCount = intProperty("bench.n", quick ? 20_000 : 200_000);
        int scanCount = intProperty("bench.scans", quick ? 1_000 : 5_000);
        int durableCommits = intProperty("bench.commits", quick ? 200 : 2_000);
        int warmups = intProperty("bench.warmups", 1);
        int repetitions = intProperty("bench.reps", 5);
        long seed = Long.parseLong(System.getProperty("bench.seed", "20240611"));
        require(keyCount >= 1_000, "bench.n must be at least 1000");
        require(repetitions >= 1 && warmups >= 0, "bench.reps must be >= 1 and bench.warmups >= 0");
        List<Integer> pageSizes = new ArrayList<>();
        String list = System.getProperty("bench.pageSizes", "").trim();
        if (!list.isEmpty()) {
            for (String item : list.split(",")) {
                pageSizes.add(Integer.parseInt(item.trim()));
            }
        }
        String parent = System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"));
        return new BenchConfig(quick, keyCount, scanCount, durableCommits, warmups, repetitions, seed,
                pageSizes, parent);
    }

    /** The properties that reproduce this run, for the header of the output. */
    String describe() {
        return "-Dbench.quick=" + quick + " -Dbench.n=" + keyCount + " -Dbench.scans=" + scanCount
                + " -Dbench.commits=" + durableCommits + " -Dbench.warmups=" + warmups
                + " -Dbench.reps=" + repetitions + " -Dbench.seed=" + seed
                + (extraPageSizes.isEmpty() ? "" : " -Dbench.pageSizes=" + joined(extraPageSizes));
    }

    private static String joined(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static int intProperty(String name, int fallback) {
        String text = System.getProperty(name);
        return text == null || text.isBlank() ? fallback : Integer.parseInt(text.trim());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
