package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.io.MemoryFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Leaves stay full when keys arrive in order, also where the run ends inside the key space (one
 * tree holds many tables: a table's end is followed by the next table's keys), and random keys
 * still split by bytes.
 */
class SplitFillTest {
    private static StoreOptions options() {
        return StoreOptions.defaults().saltSeed(3).checkpointLogBytes(256 << 10);
    }

    private static byte[] key(char table, int run, int i) {
        return new byte[] {(byte) table, (byte) (run >>> 8), (byte) run, (byte) (i >>> 24), (byte) (i >>> 16),
            (byte) (i >>> 8), (byte) i};
    }

    private static SpaceReport afterCheckpoint(Store store, MemoryFile file) {
        store.checkpoint();
        store.verify();
        SpaceReport r = SpaceReport.of(MemoryFile.of(file.snapshot()));
        System.out.printf("[splits] leaves %.1f%% full, branches %.1f%% (%d pages)%n", 100 * r.leafFill(),
                100 * r.branchFill(), r.branchPages());
        return r;
    }

    @Test
    void keysAppendedBeforeAnotherTablesKeysFillTheirLeaves() {
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        try (WriteBatch b = store.begin()) {
            for (int i = 0; i < 2000; i++) {
                b.put(key('u', 0, i), new byte[60]);
            }
            b.commit();
        }
        for (int i = 0; i < 20_000; i++) {
            try (WriteBatch b = store.begin()) {
                b.put(key('t', 0, i), new byte[100 + i % 50]);
                b.commit();
            }
        }
        SpaceReport r = afterCheckpoint(store, file);
        assertTrue(r.leafFill() >= 0.9, "leaves " + r.leafFill() + " full:\n" + r);
        store.close();
    }

    @Test
    void aRunFillsItsLeavesEvenWithACheckpointAfterEveryCommit() {
        // An idle store may checkpoint between any two commits; the leaf taking the run is then
        // copied on its next write, and must keep knowing where its last key went.
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        try (WriteBatch b = store.begin()) {
            for (int i = 0; i < 5; i++) {
                b.put(key('u', 0, i), new byte[30]);
            }
            b.commit();
        }
        for (int i = 0; i < 4000; i++) {
            try (WriteBatch b = store.begin()) {
                b.put(key('t', 0, i), new byte[200]);
                b.commit();
            }
            store.checkpoint();
        }
        SpaceReport r = afterCheckpoint(store, file);
        assertTrue(r.leafFill() >= 0.9, "leaves " + r.leafFill() + " full:\n" + r);
        store.close();
    }

    @Test
    void interleavedRunsOfSeveralSessionsFillTheirLeaves() {
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        for (int i = 0; i < 5000; i++) {
            try (WriteBatch b = store.begin()) {
                for (int run = 0; run < 4; run++) {
                    b.put(key('t', run, i), new byte[120]);
                }
                b.put(key('s', 0, 0), new byte[40]);
                b.commit();
            }
        }
        SpaceReport r = afterCheckpoint(store, file);
        assertTrue(r.leafFill() >= 0.9, "leaves " + r.leafFill() + " full:\n" + r);
        store.close();
    }

    @Test
    void randomKeysStillSplitByBytes() {
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        Random rnd = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            try (WriteBatch b = store.begin()) {
                b.put(key('i', rnd.nextInt(1 << 16), rnd.nextInt()), new byte[80]);
                b.commit();
            }
        }
        SpaceReport r = afterCheckpoint(store, file);
        // A B-tree under random inserts settles near ln 2 (69%) full; splitting at the insertion
        // point by mistake would leave many near-empty leaves.
        assertTrue(r.leafFill() >= 0.62, "leaves " + r.leafFill() + " full:\n" + r);
        store.close();
    }

    @Test
    void runsOfLongKeysFillTheirBranchesToo() {
        // 300-byte keys: a dozen separators to a branch page, so branches split often.
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        byte[] tail = new byte[300];
        java.util.Arrays.fill(tail, (byte) 'z');
        try (WriteBatch b = store.begin()) {
            b.put(tail, new byte[10]);
            b.commit();
        }
        for (int i = 0; i < 6000; i++) {
            try (WriteBatch b = store.begin()) {
                for (int run = 0; run < 2; run++) {
                    byte[] k = new byte[300];
                    k[0] = 'k';
                    k[1] = (byte) run;
                    k[296] = (byte) (i >>> 24);
                    k[297] = (byte) (i >>> 16);
                    k[298] = (byte) (i >>> 8);
                    k[299] = (byte) i;
                    b.put(k, new byte[20]);
                }
                b.commit();
            }
        }
        SpaceReport r = afterCheckpoint(store, file);
        assertTrue(r.branchPages() > 50, "branches split: " + r);
        assertTrue(r.leafFill() >= 0.9, "leaves " + r.leafFill() + " full:\n" + r);
        assertTrue(r.branchFill() >= 0.8, "branches " + r.branchFill() + " full:\n" + r);
        store.close();
    }
}
