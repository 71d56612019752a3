package cojson.storage.opfs.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the tables and the summary lines of one run. */
final class Report {
    private final Results results;
    private final PrintStream out;
    private final String ours;
    private final String peer;

    /**
     * @param ours the engine column the ratios are about (our store on a file)
     * @param peer the engine it is compared with (MVStore on a file)
     */
    Report(Results results, PrintStream out, String ours, String peer) {
        this.results = results;
        this.out = out;
        this.ours = ours;
        this.peer = peer;
    }

    /** Median ops/s per engine with the spread of the repetitions, and ours/peer per row. */
    void throughput(List<String> engines, Map<String, String> opNames) {
        StringBuilder head = new StringBuilder(String.format("%-21s %-9s %8s", "workload", "op", "ops/rep"));
        for (String engine : engines) {
            head.append(String.format(" | %19s", engine));
            if (engine.equals(peer)) {
                head.append(String.format(" | %12s", "ours/" + peer));
            }
        }
        out.println("Throughput: median ops/s over the measured repetitions; ± is half their range, relative to the median");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (String workload : results.workloads()) {
            StringBuilder row = new StringBuilder(String.format("%-21s %-9s %8d", workload,
                    opNames.getOrDefault(workload, "op"), results.opsPerRepetition(workload)));
            for (String engine : engines) {
                row.append(" | ").append(String.format("%19s", cell(workload, engine)));
                if (engine.equals(peer)) {
                    row.append(" | ").append(String.format("%12s", ratioText(workload)));
                }
            }
            out.println(row);
        }
    }

    /** Our I/O counters (and MVStore's) per workload, from the last measured repetition. */
    void io(List<String> engines, Map<String, Integer> logicalBytesPerOp) {
        out.println("I/O per workload (last repetition; flushes for MVStore = sync() calls; "
                + "amp = bytes written / logical key+value bytes)");
        String head = String.format("%-21s %-22s %9s %8s %13s %9s %6s %9s %12s",
                "workload", "engine", "writes", "flushes", "bytes written", "B/op", "amp", "reads", "file bytes");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (String workload : results.workloads()) {
            for (String engine : engines) {
                if (!results.has(workload, engine)) {
                    continue;
                }
                Run run = results.last(workload, engine);
                IoCounters io = run.io;
                if (io == null) {
                    continue;
                }
                Integer logical = logicalBytesPerOp.get(workload);
                String amp = logical == null ? "-" : String.format(Locale.ROOT, "%.2f",
                        (double) io.bytesWritten / ((double) logical * run.ops));
                out.println(String.format("%-21s %-22s %9d %8d %13s %9s %6s %9d %12s", workload, engine,
                        io.writeCalls, io.flushes, bytes(io.bytesWritten),
                        String.format(Locale.ROOT, "%.1f", (double) io.bytesWritten / run.ops), amp, io.readCalls,
                        bytes(io.fileBytes)));
            }
        }
    }

    /**
     * Per-commit latency percentiles, pooled over the measured repetitions, and each file
     * engine's rate as a share of the raw append+flush rate of the same run.
     */
    void latency(String workload, List<String> engines, List<String> fileEngines, String rawEngine) {
        out.println("Per-commit latency of " + workload + " (all measured repetitions pooled)");
        String head = String.format("%-22s %10s %10s %10s %10s %12s", "engine", "commits/s", "p50 us", "p99 us",
                "max us", "% of raw");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (String engine : engines) {
            if (!results.has(workload, engine)) {
                continue;
            }
            long[] latencies = results.latencies(workload, engine);
            String ofRaw = fileEngines.contains(engine) && results.has(workload, rawEngine) ? String.format(Locale.ROOT, "%.0f%%",
                    100 * results.opsPerSecond(workload, engine) / results.opsPerSecond(workload, rawEngine)) : "-";
            out.println(String.format(Locale.ROOT, "%-22s %10s %10.1f %10.1f %10.1f %12s", engine,
                    rate(results.opsPerSecond(workload, engine)), Samples.percentile(latencies, 50) / 1e3,
                    Samples.percentile(latencies, 99) / 1e3, Samples.percentile(latencies, 100) / 1e3, ofRaw));
        }
    }

    /** One line per workload: our throughput as a multiple of the peer's. */
    void summary() {
        for (String workload : results.workloads()) {
            if (results.has(workload, ours) && results.has(workload, peer)) {
                out.println(workload + ": " + ratioText(workload) + " " + peer);
            }
        }
    }

    private String ratioText(String workload) {
        if (!results.has(workload, ours) || !results.has(workload, peer)) {
            return "-";
        }
        double ratio = results.opsPerSecond(workload, ours) / results.opsPerSecond(workload, peer);
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3fx" : "%.2fx", ratio);
    }

    private String cell(String workload, String engine) {
        if (!results.has(workload, engine)) {
            return "-";
        }
        return rate(results.opsPerSecond(workload, engine)) + String.format(Locale.ROOT, " ±%3.0f%%",
                100 * results.spread(workload, engine) / 2);
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM/s", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk/s", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }

    static String bytes(long count) {
        if (count >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", count / (double) (1L << 20));
        }
        if (count >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", count / (double) (1L << 10));
        }
        return count + " B";
    }
}
