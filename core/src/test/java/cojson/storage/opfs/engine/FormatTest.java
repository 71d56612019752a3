package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;
import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import org.junit.jupiter.api.Test;

/** Ties the byte-offset tables in {@link Format}'s documentation to the constants and codecs. */
class FormatTest {

    @Test
    void headerOffsetsAreTheOnesTheFormatTableDocuments() {
        int[] documented = {0, 8, 12, 16, 24, 32, 40, 48, 56, 64, 68, 76, 84, 124};
        int[] actual = {OFFSET_MAGIC, OFFSET_VERSION, OFFSET_PAGE_SIZE, OFFSET_GENERATION, OFFSET_ROOT,
            OFFSET_PAGE_COUNT, OFFSET_FREE_HEAD, OFFSET_FREE_PAGES, OFFSET_LOG_START, OFFSET_LOG_SALT,
            OFFSET_LOG_FIRST_SEQ, OFFSET_ENTRY_COUNT, OFFSET_HEADER_RESERVED, OFFSET_HEADER_CHECKSUM};
        assertArrayEquals(documented, actual);
        assertEquals(128, HEADER_BYTES);
        assertTrue(HEADER_BYTES <= HEADER_SLOT_BYTES);
    }

    @Test
    void pageAndFrameOffsetsAreTheOnesTheFormatTableDocuments() {
        assertArrayEquals(new int[] {0, 2, 4, 8, 16, 20, 24, 32},
                new int[] {OFFSET_PAGE_TYPE, OFFSET_COUNT, OFFSET_PAGE_CHECKSUM, OFFSET_PAGE_ID, OFFSET_CONTENT_START,
                    OFFSET_FRAGMENTED, OFFSET_RIGHTMOST, NODE_HEADER_BYTES});
        assertArrayEquals(new int[] {0, 1, 3, 7}, new int[] {LEAF_CELL_KIND, LEAF_CELL_KEY_LENGTH,
            LEAF_CELL_VALUE_LENGTH, LEAF_CELL_KEY});
        assertArrayEquals(new int[] {0, 8, 10}, new int[] {BRANCH_CELL_CHILD, BRANCH_CELL_KEY_LENGTH, BRANCH_CELL_KEY});
        assertEquals(16, OVERFLOW_HEADER_BYTES);
        assertArrayEquals(new int[] {16, 24}, new int[] {OFFSET_FREE_NEXT, FREE_LIST_HEADER_BYTES});
        assertArrayEquals(new int[] {0, 4, 8, 16, 20}, new int[] {FRAME_LENGTH, FRAME_SALT, FRAME_SEQ, FRAME_CHECKSUM,
            FRAME_HEADER_BYTES});
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

    @Test
    void aValidHeaderOfAnotherVersionIsUnsupportedNotCorrupt() {
        byte[] b = new Header(4096, 3, 2, 10, 0, 0, 40960, 5, 1, 0).encode();
        Bits.putI32(b, OFFSET_VERSION, FORMAT_VERSION + 1);
        Bits.putI32(b, OFFSET_HEADER_CHECKSUM, Checksum.of(b, 0, OFFSET_HEADER_CHECKSUM, 0));
        StoreException e = assertThrows(StoreException.class, () -> Header.decode(b, 1));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
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
