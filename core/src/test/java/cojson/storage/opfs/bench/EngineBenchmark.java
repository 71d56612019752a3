package cojson.storage.opfs.bench;

import cojson.storage.opfs.engine.StoreOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Our store against H2's MVStore on the same seeded workloads, in one JVM, side by side:
 * random and sequential puts (1,000 per durable commit), reopen, cold and warm point gets,
 * 100-entry range scans, and one-record durable commits, with our store in memory as the CPU
 * bound and a raw append+flush probe as the disk's ceiling. Every read is checked against a
 * reference model computed from the streams, so the engines are also checked against each
 * other; a mismatch stops the run.
 *
 * <p>Run from the repository root (not part of {@code mvn test}):
 * <pre>
 *   mvn -q -pl core test-compile exec:java            (full: N=200k, 4-5 minutes on 2 cores)
 *   mvn -q -pl core test-compile exec:java -Dbench.quick=true   (smoke sizes)
 * </pre>
 * Properties are listed in {@link BenchConfig}.
 */
public final class EngineBenchmark {
    static final String OURS_FILE = "ours-file";
    static final String MVSTORE = "MVStore";
    static final String OURS_MEMORY = "ours-mem";
    private static final String WRITE_DATABASE = "write";
    private static final String READ_DATABASE = "read";

    private final BenchConfig config;
    private final File directory;
    private final PrintStream out = System.out;
    private final Results results = new Results();
    private final Map<String, Checksum> expected = new HashMap<>();

    private EngineBenchmark(BenchConfig config, File directory) {
        this.config = config;
        this.directory = directory;
    }

    public static void main(String[] args) throws IOException {
        BenchConfig config = BenchConfig.fromSystemProperties();
        Path directory = Files.createTempDirectory(Path.of(config.tempParent), "engine-bench-");
        try {
            new EngineBenchmark(config, directory.toFile()).run();
        } finally {
            deleteRecursively(directory);
        }
    }

    private void run() {
        int defaultPageSize = StoreOptions.defaults().pageSize();
        List<EngineKind> kinds = new ArrayList<>();
        kinds.add(OurEngine.onFile(OURS_FILE, directory, defaultPageSize));
        kinds.add(MvStoreEngine.onFile(MVSTORE, directory));
        kinds.add(OurEngine.inMemory(OURS_MEMORY, defaultPageSize));
        List<String[]> candidates = new ArrayList<>();
        for (int pageSize : config.extraPageSizes) {
            if (pageSize != defaultPageSize) {
                String name = OURS_FILE + " page=" + pageSize;
                kinds.add(OurEngine.onFile(name, directory, pageSize));
                candidates.add(new String[] {name, String.valueOf(pageSize)});
            }
        }
        printHeader(kinds);

        long seed = config.seed;
        int n = config.keyCount;
        byte[][] randomKeys = Streams.randomKeys(seed, n, config.keyBytes);
        byte[][] sequentialKeys = Streams.sequentialKeys(n, config.keyBytes);
        byte[][] values = Streams.values(seed + 1, n, config.valueBytes);
        int[] coldOrder = Streams.permutation(seed + 2, n);
        int[] warmOrder = Streams.permutation(seed + 3, n);
        byte[][] scanStarts = Streams.randomKeys(seed + 4, config.scanCount, config.keyBytes);
        byte[][] commitKeys = Streams.randomKeys(seed + 5, config.durableCommits, config.keyBytes);
        byte[][] commitValues = Streams.values(seed + 6, config.durableCommits, config.valueBytes);

        ReferenceModel randomModel = new ReferenceModel(randomKeys, values, n);
        expected.put(Workloads.RANDOM_PUTS, randomModel.all());
        expected.put(Workloads.SEQUENTIAL_PUTS, new ReferenceModel(sequentialKeys, values, n).all());
        expected.put(Workloads.COLD_GETS, randomModel.gets(randomKeys, coldOrder));
        expected.put(Workloads.WARM_GETS, randomModel.gets(randomKeys, warmOrder));
        expected.put(Workloads.RANGE_SCANS, randomModel.scans(scanStarts, config.scanLength));
        expected.put(Workloads.DURABLE_COMMITS,
                new ReferenceModel(commitKeys, commitValues, config.durableCommits).all());

        repeat("random puts", kinds, kind -> Workloads.load(Workloads.RANDOM_PUTS, kind, WRITE_DATABASE,
                randomKeys, values, config.batchSize));
        repeat("sequential puts", kinds, kind -> Workloads.load(Workloads.SEQUENTIAL_PUTS, kind, WRITE_DATABASE,
                sequentialKeys, values, config.batchSize));
        for (EngineKind kind : kinds) {
            kind.drop(WRITE_DATABASE);
            // The read fixture: the random-puts load, written once, checked, then reopened per repetition.
            for (Run run : Workloads.load(Workloads.RANDOM_PUTS, kind, READ_DATABASE, randomKeys, values,
                    config.batchSize)) {
                verify(kind.name(), run);
            }
        }
        repeat("reads", kinds, kind -> Workloads.readSession(kind, READ_DATABASE, randomKeys, coldOrder, warmOrder,
                scanStarts, config.scanLength));
        for (EngineKind kind : kinds) {
            kind.drop(READ_DATABASE);
        }
        repeat("durable commits", kinds, kind -> Workloads.durableCommits(kind, WRITE_DATABASE, commitKeys,
                commitValues));
        int recordBytes = 8 + config.keyBytes + config.valueBytes;
        for (int rep = 0; rep < config.warmups + config.repetitions; rep++) {
            Run raw = RawAppendProbe.run(Workloads.DURABLE_COMMITS, directory, config.durableCommits, recordBytes);
            if (rep >= config.warmups) {
                results.add(RawAppendProbe.NAME, raw);
            }
        }
        for (EngineKind kind : kinds) {
            kind.drop(WRITE_DATABASE);
        }

        printResults(kinds, candidates, defaultPageSize);
    }

    private interface Body {
        List<Run> run(EngineKind kind);
    }

    /**
     * Warm-up repetitions, then measured ones; within each repetition every engine runs once,
     * starting with a different engine each time so that no engine always follows the same one.
     */
    private void repeat(String label, List<EngineKind> kinds, Body body) {
        long start = System.nanoTime();
        for (int rep = 0; rep < config.warmups + config.repetitions; rep++) {
            for (int j = 0; j < kinds.size(); j++) {
                EngineKind kind = kinds.get((rep + j) % kinds.size());
                System.gc();
                for (Run run : body.run(kind)) {
                    verify(kind.name(), run);
                    if (rep >= config.warmups) {
                        results.add(kind.name(), run);
                    }
                }
            }
        }
        out.printf("  %s: done in %.1f s%n", label, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /** Fails the run when an engine returned anything but what the reference model says. */
    private void verify(String engine, Run run) {
        if (run.checksum == null) {
            return;
        }
        Checksum want = expected.get(run.workload);
        if (!run.checksum.sameAs(want)) {
            throw new IllegalStateException("CHECKSUM MISMATCH in " + run.workload + ": " + engine + " returned "
                    + run.checksum + ", the reference model (and so every correct engine) returns " + want);
        }
    }

    private void printHeader(List<EngineKind> kinds) {
        out.println("EngineBenchmark: our store vs H2 MVStore " + org.h2.engine.Constants.FULL_VERSION
                + (config.quick ? "   QUICK MODE: smoke sizes, the numbers are not results" : ""));
        out.println("  java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "), " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.println("  command: mvn -q -pl core test-compile exec:java " + config.describe());
        out.println("  N=" + config.keyCount + " keys of " + config.keyBytes + " B, values of " + config.valueBytes
                + " B, " + config.batchSize + " per durable commit; " + config.scanCount + " scans of "
                + config.scanLength + "; " + config.durableCommits + " one-record durable commits; "
                + config.warmups + " warm-up + " + config.repetitions + " measured repetitions, medians");
        StringBuilder names = new StringBuilder();
        for (EngineKind kind : kinds) {
            names.append(names.length() == 0 ? "" : ", ").append(kind.name());
        }
        out.println("  engines: " + names + "; files in " + directory + "; page caches "
                + (OurEngine.CACHE_BYTES >> 20) + " MiB each");
        out.println("  every read is checked against a reference model computed from the streams (CRC-32C)");
        out.flush();
    }

    private void printResults(List<EngineKind> kinds, List<String[]> candidates, int defaultPageSize) {
        List<String> engines = new ArrayList<>();
        for (EngineKind kind : kinds) {
            engines.add(kind.name());
        }
        List<String> withRaw = new ArrayList<>(engines);
        withRaw.add(RawAppendProbe.NAME);
        Map<String, String> opNames = new LinkedHashMap<>();
        opNames.put(Workloads.RANDOM_PUTS, "put");
        opNames.put(Workloads.SEQUENTIAL_PUTS, "put");
        opNames.put(Workloads.closeOf(Workloads.RANDOM_PUTS), "close");
        opNames.put(Workloads.closeOf(Workloads.SEQUENTIAL_PUTS), "close");
        opNames.put(Workloads.REOPEN, "open");
        opNames.put(Workloads.COLD_GETS, "get");
        opNames.put(Workloads.WARM_GETS, "get");
        opNames.put(Workloads.RANGE_SCANS, "scan(" + config.scanLength + ")");
        opNames.put(Workloads.DURABLE_COMMITS, "commit");
        Map<String, Integer> logicalBytes = new HashMap<>();
        for (String workload : List.of(Workloads.RANDOM_PUTS, Workloads.SEQUENTIAL_PUTS, Workloads.DURABLE_COMMITS)) {
            logicalBytes.put(workload, config.keyBytes + config.valueBytes);
        }

        Report report = new Report(results, out, OURS_FILE, MVSTORE);
        out.println();
        report.throughput(withRaw, opNames);
        out.println();
        report.io(withRaw, logicalBytes);
        out.println();
        List<String> fileEngines = new ArrayList<>(engines);
        fileEngines.remove(OURS_MEMORY);
        fileEngines.add(RawAppendProbe.NAME);
        report.latency(Workloads.DURABLE_COMMITS, withRaw, fileEngines, RawAppendProbe.NAME);
        out.println();
        out.println("Checksums: every engine matched the reference model on every repetition of every workload.");
        out.println();
        report.summary();
        String decision = config.quick ? null
                : DefaultDecision.decide(results, List.of(Workloads.RANDOM_PUTS, Workloads.SEQUENTIAL_PUTS,
                        Workloads.REOPEN, Workloads.COLD_GETS, Workloads.WARM_GETS, Workloads.RANGE_SCANS,
                        Workloads.DURABLE_COMMITS), OURS_FILE, "pageSize " + defaultPageSize, candidates);
        if (decision != null) {
            out.println(decision);
        }
        out.flush();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
