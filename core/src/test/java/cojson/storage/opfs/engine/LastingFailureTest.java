package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.StoreContents;
import cojson.storage.opfs.testkit.UnsignedBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Failures that outlast one call: a recovery that cannot read its file, a quota that stays full. */
class LastingFailureTest {

    @Test
    void aRecoveryThatCannotReadTheFileFailsEveryCallWithItsCauseUntilItCan() {
        FaultInjectingFile file = new FaultInjectingFile();
        Store store = Store.open(file, StoreOptions.defaults().pageSize(4096));
        put(store, "a", "1");
        put(store, "b", "2");

        file.failCall(file.callCount(), ErrorCode.QUOTA).failReads(2);
        StoreException commit = assertThrows(StoreException.class, () -> put(store, "c", "3"));
        assertEquals(ErrorCode.QUOTA, commit.code(), "the commit fails with the write's error");
        // The rebuild right after it failed on read 1; the next call retries and fails on read 2.
        StoreException retry = assertThrows(StoreException.class, () -> store.get(bytes("a")));
        assertEquals(ErrorCode.IO, retry.code());
        assertTrue(retry.getMessage().contains("every call retries"), retry.getMessage());
        // Reads work again: this call's retry succeeds and the call goes on.
        assertArrayEquals(bytes("1"), store.get(bytes("a")));
        assertEquals(null, store.get(bytes("c")), "the failed commit is not there");
        store.verify();
        put(store, "c", "3");
        store.close();
        try (Store again = Store.open(MemoryFile.of(file.reopen().currentImage()))) {
            assertEquals(3, StoreContents.readAll(again.scan(null, null)).size());
        }
    }

    @Test
    void aStoreAtItsQuotaRefusesCommitsStaysReadableAndWritesAgainOnceThereIsRoom() {
        QuotaFile file = new QuotaFile(48 << 10);
        StoreOptions options = StoreOptions.defaults().pageSize(4096).checkpointLogBytes(8 << 10);
        Store store = Store.open(file, options);
        TreeMap<byte[], byte[]> acknowledged = new TreeMap<>(UnsignedBytes.ORDER);
        int commits = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            byte[] key = bytes("key " + i);
            byte[] value = new byte[300];
            value[0] = (byte) i;
            try {
                try (WriteBatch b = store.begin()) {
                    b.put(key, value);
                    b.commit();
                }
                acknowledged.put(key, value);
                commits++;
            } catch (StoreException e) {
                assertEquals(ErrorCode.QUOTA, e.code());
                refused++;
            }
        }
        assertTrue(refused > 100, "the quota never filled: " + refused + " refused");
        assertEquals(null, StoreContents.compare(acknowledged, store.scan(null, null), 5), "while full");
        store.verify();

        file.quotaBytes = 1 << 20;
        put(store, "after", "room");
        store.checkpoint();
        acknowledged.put(bytes("after"), bytes("room"));
        assertEquals(null, StoreContents.compare(acknowledged, store.scan(null, null), 5), "once there is room");
        store.close();
        try (Store again = Store.open(MemoryFile.of(file.inner.snapshot()), options)) {
            again.verify();
            assertEquals(null, StoreContents.compare(acknowledged, again.scan(null, null), 5), "reopened");
        }
        System.out.println("[lasting-failure] quota of 48 KiB: " + commits + " commits, " + refused
                + " refused with QUOTA");
    }

    @Test
    void checkpointsThatKeepFailingDoNotFailCommitsAndAreRetriedOnlyAsTheLogGrows() {
        QuotaFile file = new QuotaFile(Long.MAX_VALUE);
        StoreOptions options = StoreOptions.defaults().pageSize(4096).checkpointLogBytes(8 << 10);
        Store store = Store.open(file, options);
        file.refusePageRuns = true;
        TreeMap<byte[], byte[]> acknowledged = new TreeMap<>(UnsignedBytes.ORDER);
        for (int i = 0; i < 400; i++) {
            byte[] key = bytes("key " + i);
            byte[] value = new byte[300];
            value[0] = (byte) i;
            try (WriteBatch b = store.begin()) {
                b.put(key, value);
                b.commit();
            }
            acknowledged.put(key, value);
        }
        StoreStats stats = store.stats();
        // The first try at 8 KiB of log, then one per 64 KiB more (a quarter of the log is less):
        // at most 3 for the ~135 KiB this writes, where retrying on every commit would make ~380.
        assertTrue(stats.checkpointFailures >= 1 && stats.checkpointFailures <= 3,
                stats.checkpointFailures + " failed checkpoints for 400 commits and " + stats.logBytes + " bytes of log");
        assertEquals(null, StoreContents.compare(acknowledged, store.scan(null, null), 5), "with checkpoints failing");
        store.verify();

        file.refusePageRuns = false;
        store.checkpoint();
        assertEquals(0, store.stats().logBytes, "the checkpoint emptied the log");
        store.close();
        try (Store again = Store.open(MemoryFile.of(file.inner.snapshot()), options)) {
            again.verify();
            assertEquals(null, StoreContents.compare(acknowledged, again.scan(null, null), 5), "reopened");
        }
        System.out.println("[lasting-failure] page writes refused: 400 commits, " + stats.checkpointFailures
                + " failed checkpoints over " + stats.logBytes + " bytes of log");
    }

    private static void put(Store store, String key, String value) {
        try (WriteBatch b = store.begin()) {
            b.put(bytes(key), bytes(value));
            b.commit();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A file that refuses, with QUOTA and no effect, any write or growth past {@link #quotaBytes},
     * and, while {@link #refusePageRuns}, every write of whole pages past the headers (a
     * checkpoint's; log frames are rarely page-sized and page-aligned).
     */
    private static final class QuotaFile implements BlockFile {
        final MemoryFile inner = new MemoryFile();
        long quotaBytes;
        boolean refusePageRuns;

        QuotaFile(long quotaBytes) {
            this.quotaBytes = quotaBytes;
        }

        @Override
        public int read(long byteOffset, ByteBuffer dst) {
            return inner.read(byteOffset, dst);
        }

        @Override
        public void write(long byteOffset, ByteBuffer src) {
            boolean pageRun = byteOffset >= Format.HEADER_AREA_BYTES && byteOffset % 4096 == 0 && src.remaining() % 4096 == 0;
            if (byteOffset + src.remaining() > quotaBytes || (refusePageRuns && pageRun)) {
                throw StoreException.of(ErrorCode.QUOTA, "quota of " + quotaBytes + " bytes exceeded");
            }
            inner.write(byteOffset, src);
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public void truncate(long byteSize) {
            if (byteSize > quotaBytes) {
                throw StoreException.of(ErrorCode.QUOTA, "quota of " + quotaBytes + " bytes exceeded");
            }
            inner.truncate(byteSize);
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public void close() {
        }
    }
}
