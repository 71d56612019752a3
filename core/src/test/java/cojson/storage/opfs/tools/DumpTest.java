package cojson.storage.opfs.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.cojson.RowDump;
import cojson.storage.opfs.engine.Dump;
import cojson.storage.opfs.engine.Format;
import cojson.storage.opfs.fixtures.FormatFixtures;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.JvmFile;
import cojson.storage.opfs.io.MemoryFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump tool's output on the committed fixture files, and that it never writes. */
class DumpTest {

    private static void assertHas(String dump, String... lines) {
        for (String line : lines) {
            assertTrue(dump.contains(line), "the dump lacks \"" + line + "\":\n" + dump);
        }
    }

    @Test
    void theDumpOfTheRowFixtureShowsTheHeaderTreeLogAndEveryCojsonTable() {
        String dump = RowDump.of(MemoryFile.of(FormatFixtures.load(3, FormatFixtures.ROWS)));
        assertHas(dump,
                "file: 20480 bytes",
                "header slot 0 (byte 0): valid, read version 3, write version 3, page size 4096, generation 2",
                "header slot 1 (byte 4096): valid, read version 3",
                "watermark copy 0 (byte 2048): generation 1",
                ": stale (an older log)",
                "tree (root page 3):",
                "  level 0: 1 page",
                "leaf, 27 keys",
                "checksum ok, keys c[rowID 1] .. x[fixture]",
                "free list: 1 list page",
                "replay stops: end of file (0 frames, 0 bytes)",
                "read-only open: 27 entries, verify() ok",
                "cojson tables (key layout version 1, not recorded):",
                "  coValues by id ('i'):\n    co_zFixtureErased  rowID 3  header {\"type\":\"comap\"",
                "    rowID 2  co_zFixtureMap",
                "    {\"rowID\":1,\"coValue\":1,\"sessionID\":\"" + FormatFixtures.SESSION + "\",\"lastIdx\":2",
                "    ses 2 idx 2  " + FormatFixtures.tx(1, 2),
                "    ses 1 idx 1  signature_zFixture0",
                "    co_zFixtureMap  peer " + FormatFixtures.PEER,
                "    co_zFixtureErased  done",
                "{\"key\":\"lock#" + FormatFixtures.PEER + "\",\"holderSessionId\":\"" + FormatFixtures.SESSION + "\"",
                "    nextCoValueRowID = 4",
                "    fixture = format fixture");
    }

    @Test
    void theDumpOfAVersionTwoFileWithALogListsEveryFrameAndTheComingUpgrade() {
        String dump = Dump.of(MemoryFile.of(FormatFixtures.load(2, FormatFixtures.ENGINE_LOG)));
        assertHas(dump,
                "read version 2, write version 2",
                "durable header: generation 2 (format 2: a writable open upgrades it to " + Format.FORMAT_VERSION + ")",
                "watermark copy 0 (byte 2048): not valid",
                "overflow pages 9..11: value of 10000 bytes for key \"key/0077\", checksums ok",
                "frame at byte 69632: sequence 14, 111 bytes, checksum ok, 3 puts, 1 delete: put \"key/0001\"",
                "sequence 23,",
                "replay stops: end of file (10 frames, 1314 bytes)",
                "no valid watermark for this log",
                "read-only open: 231 entries, verify() ok");
    }

    @Test
    void theDumpOfDamageBelowTheWatermarkSaysCorruptAndWhere() {
        byte[] image = FormatFixtures.load(3, FormatFixtures.ENGINE_LOG);
        String intact = Dump.of(MemoryFile.of(image));
        assertHas(intact, "belongs to the durable header's log", "are all whole");
        image[69632 + 30] ^= 1;
        String damaged = Dump.of(MemoryFile.of(image));
        assertHas(damaged,
                "frame at byte 69632: sequence 14, 111 bytes: checksum mismatch (torn or damaged)",
                "  CORRUPT: the watermark says frames before 24",
                "read-only open: CORRUPT: log frame 14 at byte 69632 is damaged or missing");
    }

    @Test
    void theDumpNeverWritesNorCreates() {
        byte[] bytes = FormatFixtures.load(3, FormatFixtures.ENGINE_LOG);
        FaultInjectingFile file = FaultInjectingFile.over(bytes);
        RowDump.of(file);
        assertEquals(0, file.callCount(), "the dump wrote, truncated or flushed");
        FaultInjectingFile empty = new FaultInjectingFile();
        assertHas(RowDump.of(empty), "an empty file: a new store");
        assertEquals(0, empty.callCount());
        assertArrayEquals(bytes, file.currentImage());
    }

    @Test
    void theJvmCommandPrintsTheDumpOfAFileOpenedReadOnly(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("rows.store");
        Files.write(path, FormatFixtures.load(3, FormatFixtures.ROWS));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            DumpCommand.main(new String[] {path.toString()});
        } finally {
            System.setOut(previous);
        }
        try (JvmFile file = JvmFile.openReadOnly(path.toString())) {
            assertEquals(RowDump.of(file), printed.toString(StandardCharsets.UTF_8));
        }
        assertArrayEquals(FormatFixtures.load(3, FormatFixtures.ROWS), Files.readAllBytes(path));
    }
}
