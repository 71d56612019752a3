package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.io.MemoryFile;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Tree mechanics at small page sizes: splits, merges, overflow values, checkpoints and reopens. */
class TreeTest {

    private static StoreOptions small() {
        return StoreOptions.defaults().pageSize(4096).cacheBytes(64 * 1024).checkpointLogBytes(64 * 1024);
    }

    @Test
    void sequentialInsertsFillLeavesAndSurviveReopen() {
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, small());
        for (int b = 0; b < 50; b++) {
            try (WriteBatch batch = store.begin()) {
                for (int i = 0; i < 200; i++) {
                    int k = b * 200 + i;
                    batch.put(key(k), ("value-" + k).getBytes());
                }
                batch.commit();
            }
        }
        store.verify();
        store.close();
        Store reopened = Store.open(MemoryFile.of(file.snapshot()), small());
        reopened.verify();
        assertEquals(10_000, reopened.size());
        Cursor c = reopened.scan(null, null);
        for (int k = 0; k < 10_000; k++) {
            assertTrue(c.next());
            assertArrayEquals(key(k), c.key());
            assertArrayEquals(("value-" + k).getBytes(), c.value());
        }
        assertFalse(c.next());
        reopened.close();
    }

    @Test
    void randomOperationsMatchATreeMapAcrossCheckpointsAndReopens() {
        for (long seed = 1; seed <= 5; seed++) {
            runRandom(seed, 4000);
        }
    }

    private void runRandom(long seed, int ops) {
        Random rnd = new Random(seed);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Bytes::compare);
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, small());
        for (int op = 0; op < ops; op++) {
            int r = rnd.nextInt(100);
            String where = "seed " + seed + " op " + op;
            if (r < 60) {
                try (WriteBatch batch = store.begin()) {
                    int n = 1 + rnd.nextInt(8);
                    for (int i = 0; i < n; i++) {
                        byte[] k = key(rnd.nextInt(3000));
                        if (rnd.nextInt(4) == 0) {
                            batch.delete(k);
                            model.remove(k);
                        } else {
                            byte[] v = value(rnd);
                            batch.put(k, v);
                            model.put(k, v);
                        }
                    }
                    batch.commit();
                }
            } else if (r < 85) {
                byte[] k = key(rnd.nextInt(3000));
                assertArrayEquals(model.get(k), store.get(k), where);
            } else if (r < 95) {
                byte[] from = key(rnd.nextInt(3000));
                Cursor c = store.scan(from, null);
                int n = 0;
                for (Map.Entry<byte[], byte[]> e : model.tailMap(from, true).entrySet()) {
                    if (n++ == 30) {
                        break;
                    }
                    assertTrue(c.next(), where);
                    assertArrayEquals(e.getKey(), c.key(), where);
                    assertArrayEquals(e.getValue(), c.value(), where);
                }
            } else if (r < 98) {
                store.verify();
                store.close();
                file = MemoryFile.of(file.snapshot());
                store = Store.open(file, small());
            } else {
                store.checkpoint();
            }
        }
        store.verify();
        assertEquals(model.size(), store.size(), "seed " + seed);
        store.close();
    }

    static byte[] key(int k) {
        return String.format("key-%08d", k).getBytes();
    }

    static byte[] value(Random rnd) {
        int kind = rnd.nextInt(50);
        int len = kind == 0 ? 5000 + rnd.nextInt(30000) : rnd.nextInt(300);
        byte[] v = new byte[len];
        rnd.nextBytes(v);
        return v;
    }
}
