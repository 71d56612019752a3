package cojson.storage.opfs.bench;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * H2's MVStore (com.h2database:h2) on a file: one map of byte[] to byte[], auto-commit off, so
 * that it writes only when the workload commits. A commit here is {@code store.commit()}
 * (writes the new chunk synchronously: no background writer without auto-commit) followed by
 * {@code store.sync()} (SingleFileStore.sync is FileChannel.force(true)): a genuinely flushed
 * commit, like our DURABLE mode.
 */
final class MvStoreEngine implements Engine {
    /** Megabytes, MVStore's unit; the same budget as our page cache. */
    static final int CACHE_MB = (int) (OurEngine.CACHE_BYTES >> 20);
    private static final String MAP_NAME = "bench";

    private final MVStore store;
    private final MVMap<byte[], byte[]> map;
    private final FileStore<?> fileStore;
    private long syncs;

    private MvStoreEngine(String path) {
        store = new MVStore.Builder().fileName(path).autoCommitDisabled().cacheSize(CACHE_MB).open();
        map = store.openMap(MAP_NAME, new MVMap.Builder<byte[], byte[]>()
                .keyType(UnsignedBytesType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        fileStore = store.getFileStore();
    }

    static EngineKind onFile(String name, File directory) {
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
                return new MvStoreEngine(path(database));
            }

            @Override
            public void drop(String database) {
                File file = new File(path(database));
                if (file.exists() && !file.delete()) {
                    throw new IllegalStateException("cannot delete " + file);
                }
            }

            private String path(String database) {
                return new File(directory, "mvstore-" + database + ".mv.db").getPath();
            }
        };
    }

    @Override
    public void commitBatch(byte[][] keys, byte[][] values, int from, int to) {
        for (int i = from; i < to; i++) {
            map.put(keys[i], values[i]);
        }
        long writesBefore = fileStore.getWriteCount();
        store.commit();
        // If commit() ever deferred its write to a background thread, sync() would flush
        // nothing and MVStore's numbers would be for a relaxed commit: refuse to measure that.
        if (fileStore.getWriteCount() == writesBefore) {
            throw new IllegalStateException("MVStore commit() wrote nothing: the commit would not be durable");
        }
        store.sync();
        syncs++;
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public int scan(byte[] fromInclusive, int limit, Checksum sum) {
        Cursor<byte[], byte[]> cursor = map.cursor(fromInclusive);
        int count = 0;
        while (count < limit && cursor.hasNext()) {
            byte[] key = cursor.next();
            sum.addEntry(key, cursor.getValue());
            count++;
        }
        return count;
    }

    @Override
    public IoCounters io() {
        Map<String, String> info = new HashMap<>();
        fileStore.populateInfo(info::put);
        return new IoCounters(number(info, "info.FILE_WRITE"), syncs, number(info, "info.FILE_WRITE_BYTES"),
                number(info, "info.FILE_READ"), fileStore.size());
    }

    private static long number(Map<String, String> info, String key) {
        String value = info.get(key);
        if (value == null) {
            throw new IllegalStateException("MVStore info has no " + key + ": " + info.keySet());
        }
        return Long.parseLong(value);
    }

    @Override
    public void close() {
        store.close();
    }
}
