package cojson.storage.opfs.bench;

/** File I/O of one engine over one workload: calls, flushes and bytes. */
final class IoCounters {
    static final IoCounters NONE = new IoCounters(0, 0, 0, 0, 0);

    final long writeCalls;
    final long flushes;
    final long bytesWritten;
    final long readCalls;
    /** Absolute, not a difference: the file's size at the end. */
    final long fileBytes;

    IoCounters(long writeCalls, long flushes, long bytesWritten, long readCalls, long fileBytes) {
        this.writeCalls = writeCalls;
        this.flushes = flushes;
        this.bytesWritten = bytesWritten;
        this.readCalls = readCalls;
        this.fileBytes = fileBytes;
    }

    /** The counts since {@code earlier}; the file size stays this one's. */
    IoCounters minus(IoCounters earlier) {
        return new IoCounters(writeCalls - earlier.writeCalls, flushes - earlier.flushes,
                bytesWritten - earlier.bytesWritten, readCalls - earlier.readCalls, fileBytes);
    }
}
