package cojson.storage.opfs.bench;

import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Durability;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.engine.StoreStats;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.JvmFile;
import cojson.storage.opfs.io.MemoryFile;
import java.io.File;
import java.util.HashMap;
import java.util.Map;

/** Our {@link Store} through its public API only, on a real file or in memory. */
final class OurEngine implements Engine {
    /** The same page-cache budget as MVStore's cacheSize(16), so neither gets more memory. */
    static final long CACHE_BYTES = 16L << 20;

    private final Store store;

    private OurEngine(Store store) {
        this.store = store;
    }

    static StoreOptions options(int pageSize) {
        return StoreOptions.defaults().pageSize(pageSize).cacheBytes(CACHE_BYTES).durability(Durability.DURABLE);
    }

    /** Our store on a {@link JvmFile} in {@code directory}. */
    static EngineKind onFile(String name, File directory, int pageSize) {
        return new EngineKind() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Engine create(String database) {
                drop(database);
                return reopen(database);
            }

            @Override
            public Engine reopen(String database) {
                return new OurEngine(Store.open(JvmFile.open(path(database)), options(pageSize)));
            }

            @Override
            public void drop(String database) {
                File file = new File(path(database));
                if (file.exists() && !file.delete()) {
                    throw new IllegalStateException("cannot delete " + file);
                }
            }

            private String path(String database) {
                return new File(directory, name.replaceAll("[^A-Za-z0-9]", "_") + "-" + database + ".db").getPath();
            }
        };
    }

    /**
     * Our store on a {@link MemoryFile}: the CPU-only reference line. A reopen starts from a copy
     * of the bytes the last close left, as the /memory entry's exportBytes/open does.
     */
    static EngineKind inMemory(String name, int pageSize) {
        return new EngineKind() {
            private final Map<String, MemoryFile> files = new HashMap<>();

            @Override
            public String name() {
                return name;
            }

            @Override
            public Engine create(String database) {
                MemoryFile file = new MemoryFile();
                files.put(database, file);
                return new OurEngine(Store.open(file, options(pageSize)));
            }

            @Override
            public Engine reopen(String database) {
                MemoryFile reopened = MemoryFile.of(files.get(database).snapshot());
                files.put(database, reopened);
                return new OurEngine(Store.open(reopened, options(pageSize)));
            }

            @Override
            public void drop(String database) {
                files.remove(database);
            }
        };
    }

    @Override
    public void commitBatch(byte[][] keys, byte[][] values, int from, int to) {
        try (WriteBatch batch = store.begin()) {
            for (int i = from; i < to; i++) {
                batch.put(keys[i], values[i]);
            }
            batch.commit();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(key);
    }

    @Override
    public int scan(byte[] fromInclusive, int limit, Checksum sum) {
        // The API has no limit: the cursor is abandoned after `limit` entries, as a caller would.
        Cursor cursor = store.scan(fromInclusive, null);
        int count = 0;
        while (count < limit && cursor.next()) {
            sum.addEntry(cursor.key(), cursor.value());
            count++;
        }
        return count;
    }

    @Override
    public IoCounters io() {
        StoreStats stats = store.stats();
        return new IoCounters(stats.writeCalls, stats.flushes, stats.bytesWritten, stats.readCalls, stats.fileBytes);
    }

    @Override
    public void close() {
        store.close();
    }
}
