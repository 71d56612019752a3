package cojson.storage.opfs.testkit;

import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a workload, kept so that every crash point can be judged without rerunning it:
 * the file's numbered calls, where each commit started and was acknowledged, where flushes
 * returned, which call ranges ran a checkpoint, and the model's digest after every commit.
 * Call indices are the file's numbering: commit {@code i} "was acknowledged at {@code a}" means
 * calls {@code 0..a-1} had been issued when its {@code commit()} returned.
 */
public final class Recording {
    public final long seed;
    public final StoreOptions options;
    public final List<Call> trace = new ArrayList<>();
    /** states.get(j): the model's digest after j commits (j = 0: empty). */
    final List<Fingerprint> states = new ArrayList<>();
    final List<Map<byte[], byte[]>> batches = new ArrayList<>();
    final List<long[]> commitCalls = new ArrayList<>();      // {start, ack}
    final List<long[]> flushAcks = new ArrayList<>();        // {ack, commits so far}: flush, checkpoint, close
    final List<long[]> checkpointWindows = new ArrayList<>(); // {from, to} call ranges
    final List<long[]> openWindows = new ArrayList<>();       // {from, to} call ranges of Store.open
    long checkpoints;
    /** Pages compaction moved and file truncations, over every open of the run (stats()). */
    long pagesMoved;
    long trims;

    Recording(long seed, StoreOptions options) {
        this.seed = seed;
        this.options = options;
        states.add(new Fingerprint());
    }

    public int commits() {
        return batches.size();
    }

    public long checkpoints() {
        return checkpoints;
    }

    public long pagesMoved() {
        return pagesMoved;
    }

    public long trims() {
        return trims;
    }

    public int cuts() {
        return trace.size() + 1;
    }

    public Fingerprint state(int commits) {
        return states.get(commits);
    }

    /** The commits acknowledged (commit() returned) before call {@code k} was issued. */
    public int ackedBefore(long k) {
        int n = 0;
        for (long[] c : commitCalls) {
            if (c[1] <= k) {
                n++;
            }
        }
        return n;
    }

    /** The commits that had started (commit() was called) when call {@code k} was issued. */
    public int startedBy(long k) {
        int n = 0;
        for (long[] c : commitCalls) {
            if (c[0] <= k) {
                n++;
            }
        }
        return n;
    }

    /**
     * The commits made before the last {@code flush()}, {@code checkpoint()} or {@code close()}
     * that returned before call {@code k}.
     */
    public int flushedBefore(long k) {
        int n = 0;
        for (long[] f : flushAcks) {
            if (f[0] <= k) {
                n = (int) Math.max(n, f[1]);
            }
        }
        return n;
    }

    /** True when call {@code k} belongs to an API call during which a checkpoint ran. */
    public boolean inCheckpoint(long k) {
        return within(checkpointWindows, k);
    }

    /** The position of the checkpoint window that holds call {@code k} (-1: none). */
    public int checkpointOrdinal(long k) {
        for (int i = 0; i < checkpointWindows.size(); i++) {
            long[] w = checkpointWindows.get(i);
            if (k >= w[0] && k < w[1]) {
                return i;
            }
        }
        return -1;
    }

    /** True when call {@code k} belongs to a {@code Store.open}. */
    public boolean inOpen(long k) {
        return within(openWindows, k);
    }

    /** True when call {@code k} is part of the very first open, which creates the file. */
    public boolean inCreation(long k) {
        return !openWindows.isEmpty() && k < openWindows.get(0)[1];
    }

    private static boolean within(List<long[]> windows, long k) {
        for (long[] w : windows) {
            if (k >= w[0] && k < w[1]) {
                return true;
            }
        }
        return false;
    }

    /** The model after {@code commits} commits, rebuilt from the batches (for failure messages). */
    public Model modelAt(int commits) {
        Model m = new Model();
        for (int i = 0; i < commits; i++) {
            m.apply(batches.get(i));
        }
        return m;
    }

    public String describe() {
        return "seed " + seed + ": " + commits() + " commits, " + checkpoints + " checkpoints, " + pagesMoved
                + " pages moved, " + trims + " truncations, " + trace.size()
                + " calls, durability " + options.durability() + ", pageSize " + options.pageSize()
                + ", checkpointLogBytes " + options.checkpointLogBytes();
    }
}
