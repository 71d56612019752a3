package cojson.storage.opfs.engine;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key-value store in one file. INTERIM implementation for the walking skeleton: an append-only
 * log of checksummed commit records replayed into a map at open. The B+tree engine replaces the
 * inside of this class and keeps its API.
 */
public final class Store implements AutoCloseable {
    private static final int RECORD_HEADER = 8; // int length, int crc32c

    private final BlockFile file;
    private final TreeMap<byte[], byte[]> map = new TreeMap<>(Bytes::compare);
    private long logEnd;
    private boolean closed;
    private Batch openBatch;
    private long writeCalls;
    private long flushes;
    private long bytesWritten;
    private long commits;

    private Store(BlockFile file) {
        this.file = file;
    }

    public static Store open(BlockFile file) {
        return open(file, StoreOptions.defaults());
    }

    public static Store open(BlockFile file, StoreOptions options) {
        Store store = new Store(file);
        store.replay();
        return store;
    }

    private void replay() {
        long size = file.size();
        long at = 0;
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
        while (at + RECORD_HEADER <= size) {
            head.clear();
            file.read(at, head);
            int length = head.getInt(0);
            int crc = head.getInt(4);
            if (length < 0 || at + RECORD_HEADER + length > size) {
                break;
            }
            byte[] payload = new byte[length];
            file.read(at + RECORD_HEADER, ByteBuffer.wrap(payload));
            if (Crc32c.compute(payload, 0, length) != crc) {
                break;
            }
            applyRecord(payload);
            at += RECORD_HEADER + length;
        }
        logEnd = at;
    }

    private void applyRecord(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        while (in.hasRemaining()) {
            byte op = in.get();
            byte[] key = new byte[in.getInt()];
            in.get(key);
            if (op == 1) {
                byte[] value = new byte[in.getInt()];
                in.get(value);
                map.put(key, value);
            } else {
                map.remove(key);
            }
        }
    }

    public byte[] get(byte[] key) {
        checkOpen();
        byte[] v = map.get(key);
        return v == null ? null : v.clone();
    }

    public Cursor scan(byte[] fromInclusive, byte[] toExclusive) {
        checkOpen();
        return cursorOver(view(map, fromInclusive, toExclusive));
    }

    public Cursor scanPrefix(byte[] prefix) {
        return scan(prefix, Bytes.prefixEnd(prefix));
    }

    public WriteBatch begin() {
        checkOpen();
        if (openBatch != null) {
            throw StoreException.illegalState("a write batch is already open on this store");
        }
        openBatch = new Batch();
        return openBatch;
    }

    public void flush() {
        checkOpen();
        file.flush();
        flushes++;
    }

    public void checkpoint() {
        checkOpen();
    }

    public void verify() {
        checkOpen();
    }

    public StoreStats stats() {
        checkOpen();
        return new StoreStats(file.size(), 0, 0, 0, 0, 0, 0, 0, writeCalls, flushes, bytesWritten, logEnd,
                commits, 0);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw StoreException.closed("store is closed");
        }
    }

    private static Map<byte[], byte[]> view(TreeMap<byte[], byte[]> m, byte[] from, byte[] to) {
        if (from == null && to == null) {
            return m;
        }
        if (from == null) {
            return m.headMap(to, false);
        }
        if (to == null) {
            return m.tailMap(from, true);
        }
        if (Bytes.compare(from, to) >= 0) {
            return new TreeMap<>(Bytes::compare);
        }
        return m.subMap(from, true, to, false);
    }

    private static Cursor cursorOver(Map<byte[], byte[]> entries) {
        List<Map.Entry<byte[], byte[]>> copy = new ArrayList<>(entries.entrySet());
        Iterator<Map.Entry<byte[], byte[]>> it = copy.iterator();
        return new Cursor() {
            private Map.Entry<byte[], byte[]> current;

            @Override
            public boolean next() {
                current = it.hasNext() ? it.next() : null;
                return current != null;
            }

            @Override
            public byte[] key() {
                return current.getKey().clone();
            }

            @Override
            public byte[] value() {
                return current.getValue().clone();
            }
        };
    }

    private final class Batch implements WriteBatch {
        /** Pending writes; a null value is a delete. */
        private final TreeMap<byte[], byte[]> pending = new TreeMap<>(Bytes::compare);
        private boolean done;

        @Override
        public void put(byte[] key, byte[] value) {
            checkLive();
            pending.put(key.clone(), value.clone());
        }

        @Override
        public void delete(byte[] key) {
            checkLive();
            pending.put(key.clone(), null);
        }

        @Override
        public byte[] get(byte[] key) {
            checkLive();
            if (pending.containsKey(key)) {
                byte[] v = pending.get(key);
                return v == null ? null : v.clone();
            }
            return Store.this.get(key);
        }

        @Override
        public Cursor scan(byte[] fromInclusive, byte[] toExclusive) {
            checkLive();
            TreeMap<byte[], byte[]> merged = new TreeMap<>(Bytes::compare);
            merged.putAll(view(map, fromInclusive, toExclusive));
            for (Map.Entry<byte[], byte[]> e : view(pending, fromInclusive, toExclusive).entrySet()) {
                if (e.getValue() == null) {
                    merged.remove(e.getKey());
                } else {
                    merged.put(e.getKey(), e.getValue());
                }
            }
            return cursorOver(merged);
        }

        @Override
        public Cursor scanPrefix(byte[] prefix) {
            return scan(prefix, Bytes.prefixEnd(prefix));
        }

        @Override
        public void commit() {
            checkLive();
            int size = 0;
            for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
                size += 5 + e.getKey().length + (e.getValue() == null ? 0 : 4 + e.getValue().length);
            }
            ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + size);
            record.position(RECORD_HEADER);
            for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
                record.put((byte) (e.getValue() == null ? 2 : 1)).putInt(e.getKey().length).put(e.getKey());
                if (e.getValue() != null) {
                    record.putInt(e.getValue().length).put(e.getValue());
                }
            }
            record.putInt(0, size).putInt(4, Crc32c.compute(record.array(), RECORD_HEADER, size));
            record.position(0);
            file.write(logEnd, record);
            file.flush();
            writeCalls++;
            flushes++;
            bytesWritten += RECORD_HEADER + size;
            logEnd += RECORD_HEADER + size;
            commits++;
            for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
                if (e.getValue() == null) {
                    map.remove(e.getKey());
                } else {
                    map.put(e.getKey(), e.getValue());
                }
            }
            end();
        }

        @Override
        public void rollback() {
            checkLive();
            end();
        }

        @Override
        public void close() {
            if (!done) {
                end();
            }
        }

        private void end() {
            done = true;
            openBatch = null;
        }

        private void checkLive() {
            if (done) {
                throw StoreException.closed("this write batch has already been committed or rolled back");
            }
            checkOpen();
        }
    }
}
