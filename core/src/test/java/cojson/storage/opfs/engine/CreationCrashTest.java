package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.CrashImages;
import cojson.storage.opfs.testkit.CutEnumerator;
import cojson.storage.opfs.testkit.FailureImages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Crash invariant 7: a crash at any call of creation (slot 1, flush, slot 0, flush), keeping any
 * ordered subset of the pending writes, the last torn at any byte, garbled, or grown without data,
 * leaves a file that opens by itself as a new, empty store (never CORRUPT: no commit was ever
 * acknowledged in it), read-only as well, and takes a commit that survives a reopen.
 */
class CreationCrashTest {
    private static final byte[] KEY = "created after a crash".getBytes(StandardCharsets.UTF_8);

    @Test
    void aCrashAtAnyCallOfCreationLeavesAFileThatOpensAsANewEmptyStore() {
        FaultInjectingFile recording = new FaultInjectingFile().recordTrace(true);
        StoreOptions options = StoreOptions.defaults().saltSeed(5);
        Store.open(recording, options);
        List<FaultInjectingFile.Call> creation = recording.trace();
        assertEquals(4, creation.size(), "creation is slot 1, flush, slot 0, flush: " + creation);
        AtomicInteger images = new AtomicInteger();
        CutEnumerator.forEachCut(new byte[0], creation, (cut, replay, inFlight) -> {
            for (CrashImages.Image image : CrashImages.at(replay, inFlight, 1000L * cut, 200)) {
                String where = "crash at creation call " + cut + " (" + inFlight + "), " + image.how();
                try {
                    opensEmptyAndTakesACommit(image.bytes(), options);
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError(where + ": " + e + " ("
                            + FailureImages.save("creation-crash", image.bytes()) + ")", e);
                }
                images.incrementAndGet();
            }
        });
        System.out.println("[creation] " + (creation.size() + 1) + " crash points, " + images
                + " images, each opened as a new empty store");
        assertTrue(images.get() > 500, "too few images: " + images);
    }

    private static void opensEmptyAndTakesACommit(byte[] image, StoreOptions options) {
        try (Store readOnly = Store.open(MemoryFile.of(image), StoreOptions.defaults().readOnly(true))) {
            assertEquals(0, readOnly.size(), "read-only");
        }
        MemoryFile file = MemoryFile.of(image);
        try (Store store = Store.open(file, options)) {
            assertEquals(0, store.size());
            store.verify();
            try (WriteBatch b = store.begin()) {
                b.put(KEY, KEY);
                b.commit();
            }
        }
        try (Store again = Store.open(MemoryFile.of(file.snapshot()), options)) {
            assertArrayEquals(KEY, again.get(KEY));
            again.verify();
        }
    }
}
