package cojson.storage.opfs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measured runs, by workload (in the order first seen) and engine. */
final class Results {
    private final Map<String, Map<String, List<Run>>> runs = new LinkedHashMap<>();

    void add(String engine, Run run) {
        runs.computeIfAbsent(run.workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(engine, e -> new ArrayList<>()).add(run);
    }

    List<String> workloads() {
        return new ArrayList<>(runs.keySet());
    }

    boolean has(String workload, String engine) {
        return runs.containsKey(workload) && runs.get(workload).containsKey(engine);
    }

    /** Operations per second at the median time. */
    double opsPerSecond(String workload, String engine) {
        List<Run> list = list(workload, engine);
        return list.get(0).ops / (Samples.median(nanos(list)) / 1e9);
    }

    double spread(String workload, String engine) {
        return Samples.spread(nanos(list(workload, engine)));
    }

    int repetitions(String workload, String engine) {
        return list(workload, engine).size();
    }

    long opsPerRepetition(String workload) {
        return runs.get(workload).values().iterator().next().get(0).ops;
    }

    /** The last measured run (I/O counters are the same in every repetition of a deterministic engine). */
    Run last(String workload, String engine) {
        List<Run> list = list(workload, engine);
        return list.get(list.size() - 1);
    }

    /** Per-operation latencies of every measured repetition together. */
    long[] latencies(String workload, String engine) {
        List<Run> list = list(workload, engine);
        int total = 0;
        for (Run run : list) {
            total += run.latencies.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (Run run : list) {
            System.arraycopy(run.latencies, 0, all, at, run.latencies.length);
            at += run.latencies.length;
        }
        return all;
    }

    private List<Run> list(String workload, String engine) {
        List<Run> list = runs.getOrDefault(workload, Map.of()).get(engine);
        if (list == null || list.isEmpty()) {
            throw new IllegalStateException("no runs of " + workload + " on " + engine);
        }
        return list;
    }

    private static long[] nanos(List<Run> list) {
        long[] nanos = new long[list.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = list.get(i).nanos;
        }
        return nanos;
    }
}
