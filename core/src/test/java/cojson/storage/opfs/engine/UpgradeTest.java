package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.fixtures.FormatFixtures;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.CrashImages;
import cojson.storage.opfs.testkit.CutEnumerator;
import cojson.storage.opfs.testkit.FailureImages;
import cojson.storage.opfs.testkit.StoreContents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files of format version 2 (written by the v2 code, committed under {@code format/v2}) open with
 * their content and are upgraded in place by the first writable open; a read-only open reads them
 * without writing; and a crash at every call of the upgrade, keeping any subset of its writes,
 * leaves a file that opens (writable or read-only) to the same content, in version 2 or 3, and is
 * version 3 once a writable open has returned.
 */
class UpgradeTest {

    private static TreeMap<byte[], byte[]> content(String fixture) {
        return fixture.equals(FormatFixtures.ENGINE_LOG) ? FormatFixtures.engineLogContent()
                : FormatFixtures.engineClosedContent();
    }

    static int readVersionOf(BlockFile file) {
        return HeaderSlots.read(file).durable.readVersion;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {FormatFixtures.ENGINE_CLOSED, FormatFixtures.ENGINE_LOG})
    void aVersionTwoFileOpensWithItsContentAndIsUpgradedInPlaceByTheFirstWritableOpen(String fixture) {
        byte[] v2 = FormatFixtures.load(2, fixture);
        assertEquals(2, readVersionOf(MemoryFile.of(v2)));
        MemoryFile file = MemoryFile.of(v2);
        try (Store store = Store.open(file, FormatFixtures.options())) {
            assertEquals(null, StoreContents.compare(content(fixture), store.scan(null, null), 5));
            store.verify();
            assertEquals(Format.FORMAT_VERSION, readVersionOf(file), "upgraded by the open");
            try (WriteBatch b = store.begin()) {
                b.put("after the upgrade".getBytes(StandardCharsets.UTF_8), new byte[] {3});
                b.commit();
            }
        }
        TreeMap<byte[], byte[]> expected = content(fixture);
        expected.put("after the upgrade".getBytes(StandardCharsets.UTF_8), new byte[] {3});
        try (Store again = Store.open(MemoryFile.of(file.snapshot()), FormatFixtures.options())) {
            assertEquals(null, StoreContents.compare(expected, again.scan(null, null), 5));
            again.verify();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {FormatFixtures.ENGINE_CLOSED, FormatFixtures.ENGINE_LOG})
    void aReadOnlyOpenReadsAVersionTwoFileWithoutWritingIt(String fixture) {
        FaultInjectingFile file = FaultInjectingFile.over(FormatFixtures.load(2, fixture));
        try (Store store = Store.open(file, FormatFixtures.options().readOnly(true))) {
            assertEquals(null, StoreContents.compare(content(fixture), store.scan(null, null), 5));
            store.verify();
        }
        assertEquals(0, file.callCount(), "a read-only open wrote to the file");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {FormatFixtures.ENGINE_CLOSED, FormatFixtures.ENGINE_LOG})
    void aCrashAtEveryCallOfTheUpgradeOpensToTheSameContent(String fixture) {
        byte[] v2 = FormatFixtures.load(2, fixture);
        FaultInjectingFile recording = FaultInjectingFile.over(v2).recordTrace(true);
        Store.open(recording, FormatFixtures.options());
        List<FaultInjectingFile.Call> upgrade = recording.trace();
        assertEquals(3, upgrade.size(), "the upgrade is a header write, a flush, the other header write: " + upgrade);
        TreeMap<byte[], byte[]> expected = content(fixture);
        AtomicInteger images = new AtomicInteger();
        AtomicInteger stillV2 = new AtomicInteger();
        CutEnumerator.forEachCut(v2, upgrade, (cut, replay, inFlight) -> {
            for (CrashImages.Image image : CrashImages.at(replay, inFlight, 7000L * cut, 100)) {
                String where = fixture + ": crash at upgrade call " + cut + " (" + inFlight + "), " + image.how();
                try {
                    if (readVersionOf(MemoryFile.of(image.bytes())) == 2) {
                        stillV2.incrementAndGet();
                    }
                    try (Store readOnly = Store.open(MemoryFile.of(image.bytes()), FormatFixtures.options().readOnly(true))) {
                        assertEquals(null, StoreContents.compare(expected, readOnly.scan(null, null), 5), "read-only");
                    }
                    MemoryFile file = MemoryFile.of(image.bytes());
                    try (Store store = Store.open(file, FormatFixtures.options())) {
                        assertEquals(null, StoreContents.compare(expected, store.scan(null, null), 5), "writable");
                        store.verify();
                        assertEquals(Format.FORMAT_VERSION, readVersionOf(file), "version after a writable open");
                    }
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError(where + ": " + e + " (" + FailureImages.save("upgrade-crash", image.bytes())
                            + ")", e);
                }
                images.incrementAndGet();
            }
        });
        System.out.println("[upgrade] " + fixture + ": " + (upgrade.size() + 1) + " crash points, " + images
                + " images (" + stillV2 + " still version 2), each opened to the same content");
        assertTrue(stillV2.get() > 0 && stillV2.get() < images.get(), "the images must include both versions");
    }
}
