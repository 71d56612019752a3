package cojson.storage.opfs.bench;

/** One timed repetition of one workload on one engine. */
final class Run {
    final String workload;
    final long ops;
    final long nanos;
    /** What the engine returned, or null for a workload that reads nothing back. */
    final Checksum checksum;
    /** I/O during the timed part, or null where the engine cannot say (after a close). */
    final IoCounters io;
    /** Per-operation latencies in nanoseconds, or null when only the total is timed. */
    final long[] latencies;

    Run(String workload, long ops, long nanos, Checksum checksum, IoCounters io, long[] latencies) {
        this.workload = workload;
        this.ops = ops;
        this.nanos = nanos;
        this.checksum = checksum;
        this.io = io;
        this.latencies = latencies;
    }
}
