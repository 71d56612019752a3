package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.MemoryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The cojson key layout: its offset table tied to the constants, and its own version. */
class KeyLayoutTest {

    @Test
    void keyOffsetsAreTheOnesTheLayoutTableDocuments() throws IOException {
        String source = Files.readString(Path.of("src/main/java/cojson/storage/opfs/cojson/Keys.java"));
        int at = source.indexOf("OFFSET SIZE  FIELD");
        String body = source.substring(at, source.indexOf("</pre>", at));
        List<Integer> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^ \\*\\s+(\\d+)\\s+\\S+\\s+\\S").matcher(body);
        while (m.find()) {
            documented.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(List.of(Keys.TABLE, Keys.ROW_ID, Keys.TEXT, Keys.SESSION_ID, Keys.IDX), documented);
        assertEquals(13, Keys.ROW_ID_IDX_BYTES);
        assertEquals(9, Keys.ROW_ID_BYTES);
        byte[] k = Keys.withLongInt(Keys.TRANSACTION, 7, 5);
        assertEquals(7, Keys.rowID(k));
        assertEquals(5, Keys.getUnsignedInt(k, Keys.IDX));
        assertArrayEquals("lock#peer".getBytes(), java.util.Arrays.copyOfRange(Keys.reconciliationLock("peer"), Keys.TEXT,
                Keys.reconciliationLock("peer").length));
        byte[] u = Keys.unsynced("co_zA", "peer");
        assertEquals("co_zA", Keys.unsyncedId(u));
        assertEquals("peer", Keys.unsyncedPeer(u));
    }

    private static MemoryFile storeWithLayoutVersion(String recorded) {
        MemoryFile file = new MemoryFile();
        try (Store store = Store.open(file)) {
            if (recorded != null) {
                try (WriteBatch b = store.begin()) {
                    b.put(Keys.withString(Keys.META, Keys.LAYOUT_VERSION_META), Keys.utf8(recorded));
                    b.commit();
                }
            }
        }
        return MemoryFile.of(file.snapshot());
    }

    @Test
    void aStoreWithoutARecordedLayoutHasLayoutOneAndOpeningItWritesNothing() {
        MemoryFile file = storeWithLayoutVersion(null);
        byte[] before = file.snapshot();
        RowStore rows = new RowStore(Store.open(file));
        assertEquals(1, KeyLayout.versionOf(rows.store()));
        assertArrayEquals(before, file.snapshot());
        rows.close();
    }

    @Test
    void aNewerKeyLayoutIsUnsupportedAndAnUnreadableOneCorrupt() {
        RowStore recorded = new RowStore(Store.open(storeWithLayoutVersion("1")));
        assertEquals(1, KeyLayout.versionOf(recorded.store()));
        recorded.close();
        StoreException newer = assertThrows(StoreException.class,
                () -> new RowStore(Store.open(storeWithLayoutVersion(String.valueOf(Keys.LAYOUT_VERSION + 1)))));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, newer.code());
        StoreException garbage = assertThrows(StoreException.class,
                () -> new RowStore(Store.open(storeWithLayoutVersion("one"))));
        assertEquals(ErrorCode.CORRUPT, garbage.code());
    }
}
