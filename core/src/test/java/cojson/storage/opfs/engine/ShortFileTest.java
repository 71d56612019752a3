package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.MemoryFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only a zero-length file, or what a crash during creation leaves (crash invariant 7: no longer
 * than slot 1's end, its first 4 KiB zero), is a new store: a store cut to fewer bytes than a
 * header (or to any length that leaves no valid header slot) must not open as an empty store,
 * which would drop its data without a word.
 */
class ShortFileTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "a store cut to {0} bytes reports CORRUPT")
    @ValueSource(ints = { 1, 8, 64, 127 })
    void aStoreCutShorterThanAHeaderReportsCorrupt(int length) {
        byte[] cut = Arrays.copyOf(storeHoldingOneKey(), length);
        StoreException e = assertThrows(StoreException.class, () -> Store.open(MemoryFile.of(cut)));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().contains("neither header slot is valid in a file of " + length + " bytes"), e.getMessage());
    }

    @ParameterizedTest(name = "a file of {0} zero bytes reports CORRUPT")
    @ValueSource(ints = { Format.CREATION_BYTES + 1, 8192, 12288 })
    void aFileOfZerosLongerThanACreationReportsCorrupt(int length) {
        StoreException e = assertThrows(StoreException.class, () -> Store.open(MemoryFile.of(new byte[length])));
        assertEquals(ErrorCode.CORRUPT, e.code());
    }

    @ParameterizedTest(name = "a file of {0} zero bytes is a creation cut short: a new store")
    @ValueSource(ints = { 1, 128, 4096, Format.CREATION_BYTES })
    void aFileOfZerosNoLongerThanACreationIsANewStore(int length) {
        MemoryFile file = MemoryFile.of(new byte[length]);
        try (Store store = Store.open(file)) {
            assertEquals(0, store.size());
            try (WriteBatch b = store.begin()) {
                b.put(KEY, KEY);
                b.commit();
            }
        }
        try (Store store = Store.open(MemoryFile.of(file.snapshot()))) {
            assertArrayEquals(KEY, store.get(KEY));
        }
    }

    @Test
    void aZeroLengthFileIsANewStore() {
        MemoryFile file = MemoryFile.of(new byte[0]);
        try (Store store = Store.open(file)) {
            assertEquals(false, store.scan(null, null).next());
            try (WriteBatch b = store.begin()) {
                b.put(KEY, KEY);
                b.commit();
            }
        }
        try (Store store = Store.open(MemoryFile.of(file.snapshot()))) {
            assertArrayEquals(KEY, store.get(KEY));
        }
    }

    private static byte[] storeHoldingOneKey() {
        MemoryFile file = new MemoryFile();
        try (Store store = Store.open(file)) {
            try (WriteBatch b = store.begin()) {
                b.put(KEY, KEY);
                b.commit();
            }
        }
        return file.snapshot();
    }
}
