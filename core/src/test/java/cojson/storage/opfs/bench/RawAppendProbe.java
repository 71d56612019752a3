package cojson.storage.opfs.bench;

import cojson.storage.opfs.io.JvmFile;
import java.io.File;
import java.nio.ByteBuffer;

/**
 * The physical ceiling of one-flush-per-commit on this disk, measured in the same run: append
 * one record of a durable commit's size through the same {@link JvmFile} seam, then flush.
 */
final class RawAppendProbe {
    static final String NAME = "raw append+flush";

    private RawAppendProbe() {
    }

    static Run run(String workload, File directory, int commits, int recordBytes) {
        File path = new File(directory, "raw-append.bin");
        path.delete();
        long[] latencies = new long[commits];
        ByteBuffer record = ByteBuffer.allocate(recordBytes);
        JvmFile file = JvmFile.open(path.getPath());
        long start = System.nanoTime();
        try {
            for (int i = 0; i < commits; i++) {
                long t = System.nanoTime();
                record.clear();
                record.putInt(0, i);
                file.write((long) i * recordBytes, record);
                file.flush();
                latencies[i] = System.nanoTime() - t;
            }
        } finally {
            file.close();
        }
        long nanos = System.nanoTime() - start;
        path.delete();
        IoCounters io = new IoCounters(commits, commits, (long) commits * recordBytes, 0, (long) commits * recordBytes);
        return new Run(workload, commits, nanos, null, io, latencies);
    }
}
