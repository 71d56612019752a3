package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.engine.SpaceReport;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.MemoryFile;
import org.junit.jupiter.api.Test;

/**
 * The page benchmark's data sets, written as cojson writes them ({@link CojsonShapedWrites}), take
 * little more room than their keys and values once the store has been idle: at most 10% of the
 * pages free, leaves mostly full, no log. (Against cojson-storage-indexeddb the browser
 * benchmark measures the same data through a real cojson app.)
 */
class CojsonSpaceTest {
    private static SpaceReport idleThenMeasure(RowStore rows, MemoryFile file, String what) {
        rows.store().idle();
        SpaceReport r = SpaceReport.of(MemoryFile.of(file.snapshot()));
        System.out.printf("[space] %s: file %,d B for %,d B of keys and values (%.2fx), leaves %.0f%% full,"
                        + " %.1f%% pages free, log %d B%n", what, r.fileBytes(), r.payloadBytes(),
                (double) r.fileBytes() / r.payloadBytes(), 100 * r.leafFill(), 100 * r.freeFraction(), r.logBytes());
        assertTrue(r.freeFraction() <= 0.10, what + ": " + r);
        assertTrue(r.logBytes() == 0, what + ": " + r);
        return r;
    }

    @Test
    void thousandSmallCoValuesInAListTakeAtMostAQuarterMoreThanTheirBytes() {
        MemoryFile file = new MemoryFile();
        try (RowStore rows = RowStore.open(file, StoreOptions.defaults().saltSeed(1))) {
            new CojsonShapedWrites(rows, 7).smallCoValuesInAList(1000);
            SpaceReport r = idleThenMeasure(rows, file, "1,000 CoMaps in a list");
            // Two of the seven tables (by id, unsynced) take random keys: their leaves end ~70% full.
            assertTrue(r.leafFill() >= 0.85, r.toString());
            assertTrue(r.fileBytes() <= 1.25 * r.payloadBytes(), r.toString());
        }
    }

    @Test
    void tenThousandEditsOfOneCoValueTakeAtMostAnEighthMoreThanTheirBytes() {
        MemoryFile file = new MemoryFile();
        try (RowStore rows = RowStore.open(file, StoreOptions.defaults().saltSeed(2))) {
            new CojsonShapedWrites(rows, 8).editsOfOneCoValue(10_000);
            SpaceReport r = idleThenMeasure(rows, file, "10k edits of a CoMap");
            assertTrue(r.leafFill() >= 0.95, r.toString());
            assertTrue(r.fileBytes() <= 1.125 * r.payloadBytes(), r.toString());
        }
    }
}
