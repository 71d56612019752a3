package cojson.storage.opfs.engine;

/** A snapshot of a store's counters. Immutable; counters run since the store was opened. */
public final class StoreStats {
    public final long fileBytes;
    public final int pageSize;
    public final long pageCount;
    public final long freePages;
    public final long cacheBytes;
    public final long cacheHits;
    public final long cacheMisses;
    public final long readCalls;
    public final long writeCalls;
    public final long flushes;
    public final long bytesWritten;
    public final long logBytes;
    public final long commits;
    public final long checkpoints;
    /** Checkpoints that failed on a write or flush (the log kept their changes). */
    public final long checkpointFailures;
    /** In-place recoveries from the file after a failed write or flush. */
    public final long recoveries;
    /** Pages freed since the last checkpoint: free, but usable only after the next one. */
    public final long pendingPages;
    /** Pages moved toward the start of the page space by compaction. */
    public final long pagesMoved;
    /** Times the file was cut back to its page space and live log. */
    public final long trims;

    StoreStats(long fileBytes, int pageSize, long pageCount, long freePages, long cacheBytes,
               long cacheHits, long cacheMisses, long readCalls, long writeCalls, long flushes,
               long bytesWritten, long logBytes, long commits, long checkpoints, long checkpointFailures,
               long recoveries, long pendingPages, long pagesMoved, long trims) {
        this.fileBytes = fileBytes;
        this.pageSize = pageSize;
        this.pageCount = pageCount;
        this.freePages = freePages;
        this.cacheBytes = cacheBytes;
        this.cacheHits = cacheHits;
        this.cacheMisses = cacheMisses;
        this.readCalls = readCalls;
        this.writeCalls = writeCalls;
        this.flushes = flushes;
        this.bytesWritten = bytesWritten;
        this.logBytes = logBytes;
        this.commits = commits;
        this.checkpoints = checkpoints;
        this.checkpointFailures = checkpointFailures;
        this.recoveries = recoveries;
        this.pendingPages = pendingPages;
        this.pagesMoved = pagesMoved;
        this.trims = trims;
    }

    /** A JSON object text, for the JS API and logs. */
    public String toJson() {
        return "{\"fileBytes\":" + fileBytes + ",\"pageSize\":" + pageSize + ",\"pageCount\":" + pageCount
                + ",\"freePages\":" + freePages + ",\"cacheBytes\":" + cacheBytes + ",\"cacheHits\":" + cacheHits
                + ",\"cacheMisses\":" + cacheMisses + ",\"readCalls\":" + readCalls + ",\"writeCalls\":" + writeCalls
                + ",\"flushes\":" + flushes + ",\"bytesWritten\":" + bytesWritten + ",\"logBytes\":" + logBytes
                + ",\"commits\":" + commits + ",\"checkpoints\":" + checkpoints
                + ",\"checkpointFailures\":" + checkpointFailures + ",\"recoveries\":" + recoveries
                + ",\"pendingPages\":" + pendingPages + ",\"pagesMoved\":" + pagesMoved + ",\"trims\":" + trims + "}";
    }

    @Override
    public String toString() {
        return toJson();
    }
}
