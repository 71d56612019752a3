package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;
import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Ties the byte-offset tables in {@link Format}'s documentation to the constants and codecs. */
class FormatTest {

    /** The OFFSET column of the table that follows {@code heading} in Format.java's documentation. */
    private static int[] documentedOffsets(String heading, int table) throws IOException {
        String source = Files.readString(Path.of("src/main/java/cojson/storage/opfs/engine/Format.java"));
        int at = source.indexOf(heading);
        assertTrue(at >= 0, "Format's documentation has no section " + heading);
        for (int i = 0; i <= table; i++) {
            at = source.indexOf("OFFSET SIZE FIELD", at + 1);
        }
        String body = source.substring(at, source.indexOf("</pre>", at));
        List<Integer> offsets = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^ \\*\\s+(\\d+)\\s+\\S+\\s+\\S").matcher(body);
        while (m.find()) {
            offsets.add(Integer.parseInt(m.group(1)));
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void headerOffsetsAreTheOnesTheFormatTableDocuments() throws IOException {
        int[] actual = {OFFSET_MAGIC, OFFSET_READ_VERSION, OFFSET_PAGE_SIZE, OFFSET_GENERATION, OFFSET_ROOT,
            OFFSET_PAGE_COUNT, OFFSET_FREE_HEAD, OFFSET_FREE_PAGES, OFFSET_LOG_START, OFFSET_LOG_SALT,
            OFFSET_LOG_FIRST_SEQ, OFFSET_ENTRY_COUNT, OFFSET_WRITE_VERSION, OFFSET_HEADER_RESERVED, OFFSET_HEADER_CHECKSUM};
        assertArrayEquals(documentedOffsets("<h2>Header slot", 0), actual);
        assertEquals(128, HEADER_BYTES);
        assertTrue(HEADER_BYTES <= WATERMARK_IN_SLOT && WATERMARK_IN_SLOT + WATERMARK_BYTES <= HEADER_SLOT_BYTES);
        assertEquals(0, WATERMARK_IN_SLOT % 512, "a watermark copy has a 512-byte sector of its own");
    }

    @Test
    void watermarkOffsetsAreTheOnesTheFormatTableDocuments() throws IOException {
        assertArrayEquals(documentedOffsets("<h2>Log watermark", 0), new int[] {OFFSET_WM_MAGIC, OFFSET_WM_GENERATION,
            OFFSET_WM_SALT, OFFSET_WM_SEQ_END, OFFSET_WM_BYTE_END, OFFSET_WM_CHECKSUM});
        assertEquals(40, WATERMARK_BYTES);
    }

    @Test
    void pageAndFrameOffsetsAreTheOnesTheFormatTableDocuments() throws IOException {
        assertArrayEquals(documentedOffsets("<h2>Page", 0),
                new int[] {OFFSET_PAGE_TYPE, OFFSET_PAGE_TYPE + 1, OFFSET_COUNT, OFFSET_PAGE_CHECKSUM, OFFSET_PAGE_ID});
        assertArrayEquals(new int[] {0, 2, 4, 8, 16, 20, 24, 32},
                new int[] {OFFSET_PAGE_TYPE, OFFSET_COUNT, OFFSET_PAGE_CHECKSUM, OFFSET_PAGE_ID, OFFSET_CONTENT_START,
                    OFFSET_FRAGMENTED, OFFSET_RIGHTMOST, NODE_HEADER_BYTES});
        assertArrayEquals(new int[] {0, 1, 3, 7}, new int[] {LEAF_CELL_KIND, LEAF_CELL_KEY_LENGTH,
            LEAF_CELL_VALUE_LENGTH, LEAF_CELL_KEY});
        assertArrayEquals(new int[] {0, 8, 10}, new int[] {BRANCH_CELL_CHILD, BRANCH_CELL_KEY_LENGTH, BRANCH_CELL_KEY});
        assertArrayEquals(new int[] {0, 8, 12}, new int[] {OVERFLOW_REF_FIRST_PAGE, OVERFLOW_REF_PAGE_COUNT,
            OVERFLOW_REF_BYTES});
        assertEquals(16, OVERFLOW_HEADER_BYTES);
        assertArrayEquals(new int[] {16, 24}, new int[] {OFFSET_FREE_NEXT, FREE_LIST_HEADER_BYTES});
        assertArrayEquals(new int[] {0, 8, 12}, new int[] {FREE_EXTENT_START, FREE_EXTENT_COUNT, FREE_EXTENT_BYTES});
        assertArrayEquals(documentedOffsets("<h2>Log frame", 0), new int[] {FRAME_LENGTH, FRAME_SALT, FRAME_SEQ,
            FRAME_CHECKSUM, FRAME_HEADER_BYTES});
    }

    @Test
    void theLargestKeyWithAnOverflowValueFitsThreeTimesInTheSmallestPage() {
        int cell = LEAF_CELL_KEY + MAX_KEY_BYTES + OVERFLOW_REF_BYTES;
        assertTrue(cell <= maxLeafCell(4096));
        assertTrue(3 * (BRANCH_CELL_KEY + MAX_KEY_BYTES + SLOT_BYTES) <= 4096 - NODE_HEADER_BYTES);
    }

    @Test
    void aHeaderRoundTripsThroughItsSlotBytes() {
        Header h = new Header(16384, 7, 12, 40, 13, 3, 40L * 16384, 0xCAFEBABE, 99, 1234);
        Header back = Header.decode(h.encode(), 0);
        assertTrue(h.sameAs(back));
    }

    @Test
    void everySingleByteFlipInAHeaderMakesTheSlotInvalid() {
        byte[] good = new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode();
        for (int i = 0; i < HEADER_BYTES; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertNull(Header.decode(bad, 0), "flip at byte " + i);
        }
    }

    /** A header's bytes with its read and write versions replaced and its checksum fixed. */
    static byte[] withVersions(byte[] header, int readVersion, int writeVersion) {
        byte[] b = header.clone();
        Bits.putI32(b, OFFSET_READ_VERSION, readVersion);
        Bits.putI32(b, OFFSET_WRITE_VERSION, writeVersion);
        Bits.putI32(b, OFFSET_HEADER_CHECKSUM, Checksum.of(b, 0, OFFSET_HEADER_CHECKSUM, 0));
        return b;
    }

    @Test
    void aHeaderThatNeedsANewerReaderIsUnsupportedNotCorrupt() {
        byte[] b = withVersions(new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode(), FORMAT_VERSION + 1,
                FORMAT_VERSION + 1);
        StoreException e = assertThrows(StoreException.class, () -> Header.decode(b, 1));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void aHeaderOfAVersionBeforeTheOldestReadableIsUnsupported() {
        byte[] b = withVersions(new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode(), OLDEST_FORMAT_VERSION - 1, 0);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, assertThrows(StoreException.class, () -> Header.decode(b, 0)).code());
    }

    @Test
    void aHeaderThatOnlyANewerWriterMayChangeDecodesForReading() {
        byte[] b = withVersions(new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode(), FORMAT_VERSION,
                FORMAT_VERSION + 1);
        Header h = Header.decode(b, 0);
        assertEquals(FORMAT_VERSION, h.readVersion);
        assertEquals(FORMAT_VERSION + 1, h.writeVersion);
    }

    @Test
    void aVersionTwoHeaderDecodesWithWriteVersionTwoAndIsUpgradedOneGenerationUp() {
        byte[] b = withVersions(new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode(), 2, 0);
        Header v2 = Header.decode(b, 0);
        assertEquals(2, v2.readVersion);
        assertEquals(2, v2.writeVersion);
        assertTrue(v2.olderFormat());
        Header v3 = Header.decode(v2.upgraded().encode(), 0);
        assertEquals(FORMAT_VERSION, v3.readVersion);
        assertEquals(FORMAT_VERSION, v3.writeVersion);
        assertEquals(v2.generation + 1, v3.generation);
        assertEquals(v2.logSalt, v3.logSalt);
        assertEquals(v2.rootPageId, v3.rootPageId);
        assertEquals(v2.logFirstSeq, v3.logFirstSeq);
    }

    @Test
    void aWriteVersionBelowTheReadVersionIsCorrupt() {
        byte[] b = withVersions(new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode(), FORMAT_VERSION,
                FORMAT_VERSION - 1);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> Header.decode(b, 0)).code());
    }

    @Test
    void aWatermarkRoundTripsAndEveryByteFlipMakesItInvalid() {
        LogWatermark w = new LogWatermark(7, 0xCAFE, 99, 123_456);
        byte[] good = w.encode();
        assertEquals(w, LogWatermark.decode(good, 0));
        for (int i = 0; i < WATERMARK_BYTES; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x04;
            assertNull(LogWatermark.decode(bad, 0), "flip at byte " + i);
        }
    }

    @Test
    void aPageReadFromAnotherPlaceOrDamagedIsCorruptAndNamesThePage() {
        byte[] page = new byte[4096];
        NodeCodec.init(page, TYPE_LEAF);
        PageCodec.seal(page, 42);
        PageCodec.check(page, 42, (byte) 0);
        StoreException misplaced = assertThrows(StoreException.class, () -> PageCodec.check(page, 43, (byte) 0));
        assertTrue(misplaced.getMessage().contains("page 43"), misplaced.getMessage());
        page[1000] ^= 1;
        StoreException damaged = assertThrows(StoreException.class, () -> PageCodec.check(page, 42, (byte) 0));
        assertEquals(ErrorCode.CORRUPT, damaged.code());
        assertTrue(damaged.getMessage().contains("page 42"), damaged.getMessage());
    }

    @Test
    void theChecksumMatchesPublishedXxHash32Vectors() {
        assertEquals(0x02CC5D05, Checksum.of(new byte[0], 0, 0, 0));
        assertEquals(0x32D153FF, Checksum.of("abc".getBytes(), 0, 3, 0));
        assertEquals(0x4D4CB222, Checksum.of("abc".getBytes(), 0, 3, 0x9747B28C));
        byte[] long1 = "Nobody inspects the spammish repetition".getBytes();
        assertEquals(0xE2293B2F, Checksum.of(long1, 0, long1.length, 0));
        byte[] long2 = "0123456789abcdef0123456789abcdef!".getBytes();
        assertEquals(0xF2A4C4E2, Checksum.of(long2, 0, long2.length, 0x9747B28C));
    }
}
