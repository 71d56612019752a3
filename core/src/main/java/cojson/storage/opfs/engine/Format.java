package cojson.storage.opfs.engine;

/**
 * The on-disk format, documented once. Every offset used by the codecs is a constant here;
 * no literal offset appears anywhere else ({@code FormatTest} ties this table to the codecs).
 * All integers are big-endian. Checksums are {@link Checksum} (32 bits, xxHash32's construction).
 *
 * <h2>File</h2>
 * <pre>
 *   byte 0        4096        8192 (or pageSize, whichever is larger)
 *   +------------+------------+------------------------------+-----------------------+
 *   | header A   | header B   | pages FIRST_PAGE .. pageCount-1 | log frames ...      |
 *   +------------+------------+------------------------------+-----------------------+
 *                               page p lives at byte p * pageSize   logStart = pageCount * pageSize
 * </pre>
 * The two header slots hold copies of one header (a mirror, not a ping-pong): a checkpoint writes
 * the new header first into the slot that does not hold the current durable copy, flushes (the
 * commit point), then into the other slot. Open takes the valid slot with the highest generation.
 *
 * <h2>Header slot (HEADER_BYTES, at 0 and at HEADER_SLOT_BYTES)</h2>
 * <pre>
 *   OFFSET SIZE FIELD
 *   0      8    magic "COJSOPFS"
 *   8      4    format version (FORMAT_VERSION)
 *   12     4    page size in bytes
 *   16     8    generation: checkpoints since creation; the higher valid slot wins
 *   24     8    root page id (0: empty tree)
 *   32     8    page count: pages [FIRST_PAGE, pageCount) are in use or free
 *   40     8    free-list head page id (0: none)
 *   48     8    free page count (pages listed in the free list)
 *   56     8    log start byte offset (= pageCount * pageSize)
 *   64     4    log salt: the seed of the first frame's chained checksum
 *   68     8    log first sequence number
 *   76     8    entry count (keys in the tree)
 *   84     40   reserved, zero
 *   124    4    checksum of bytes [0, 124), seed 0
 * </pre>
 *
 * <h2>Page (pageSize bytes, at pageId * pageSize)</h2>
 * Common header of every page:
 * <pre>
 *   OFFSET SIZE FIELD
 *   0      1    page type: 1 leaf, 2 branch, 3 overflow, 4 free list
 *   1      1    reserved, zero
 *   2      2    cell count (leaf, branch), extent count (free list), 0 (overflow)
 *   4      4    checksum of bytes [8, pageSize), seeded with bytes [0,4) read as an integer
 *   8      8    the page's own id: a page read from another place than it was written to fails
 * </pre>
 * Node pages (leaf, branch) continue:
 * <pre>
 *   16     4    content start: offset of the lowest cell byte (pageSize when empty)
 *   20     4    fragmented bytes: holes left between cells by removals
 *   24     8    branch: rightmost child page id (keys >= the last key); leaf: 0
 *   32     2*n  slot array: cell offsets, in key order
 *   ...         free gap
 *   contentStart .. pageSize: cells
 * </pre>
 * Leaf cell: {@code kind(1) keyLength(2) valueLength(4) key value} where kind 0 stores the value
 * inline and kind 1 stores {@code firstPageId(8) pageCount(4)} of its overflow run instead.
 * Branch cell: {@code childPageId(8) keyLength(2) key}; child i holds keys k with
 * key[i-1] <= k < key[i].
 * Overflow page continues at 16 with payload: a value of v bytes takes
 * ceil(v / (pageSize - 16)) contiguous overflow pages, each checksummed.
 * Free-list page continues: {@code 16: next free-list page id (8)}, then from 24 its extents,
 * {@code startPageId(8) pageCount(4)} each.
 *
 * <h2>Log frame (at logStart, back to back)</h2>
 * <pre>
 *   OFFSET SIZE FIELD
 *   0      4    payload length L
 *   4      4    log salt (equals the header's)
 *   8      8    sequence number (header's first sequence for the first frame, then +1)
 *   16     4    chained checksum: of this frame's bytes [0,16) seeded with the previous frame's
 *               checksum (the salt for the first), then of its payload seeded with that
 *   20     L    payload: records, put = 1 keyLen(varint) key valueLen(varint) value,
 *               delete = 2 keyLen(varint) key
 * </pre>
 * A frame is valid if and only if its salt and sequence are the expected ones and its chained
 * checksum matches. Recovery replays valid frames in order and stops at the first invalid one: the
 * torn tail of a crash, or a stale frame of an older log, which cannot validate because its chain
 * started from another salt or another predecessor.
 *
 * <h2>Crash invariants</h2>
 * Each is enforced by the tests named after it (in {@code core/src/test}).
 * <ol>
 *   <li>Nothing written before the commit barrier of a checkpoint touches a byte that recovery may
 *       still read: checkpoint pages go only to pages free in the durable header, never to pages
 *       reachable from it, never into its log region.
 *       {@code CrashRecoveryTest.crashInsideACheckpointWithAnySubsetOfItsWritesPersistedKeepsEveryFlushedCommit}</li>
 *   <li>A page freed after the durable header is reused only after the next header is durable.
 *       The same test, and {@code verify()}'s page audit after every recovery.</li>
 *   <li>Both header slots hold the durable header before a checkpoint writes the first slot: the
 *       second slot's write is always followed by a flush (the next commit's or checkpoint's)
 *       before the next header write.
 *       {@code CrashRecoveryTest.crashWhileRecoveringFromACrashKeepsEveryAcknowledgedCommit},
 *       {@code CorruptionTest} (damage in one slot is repaired from the other)</li>
 *   <li>A commit is acknowledged only after its frame is flushed; recovery replays every valid
 *       frame, so it opens at that commit or a later unacknowledged one, never earlier.
 *       {@code CrashRecoveryTest.reopenAfterCrashAtEveryCallKeepsEveryAcknowledgedCommit},
 *       {@code IoBudgetTest} (exactly one flush per durable commit)</li>
 *   <li>A stale or torn frame never validates (salt, sequence, chained checksum).
 *       {@code CrashRecoveryTest.relaxedReopenAfterCrashAtEveryCallKeepsEveryCommitBeforeTheLastReturnedFlush}
 *       (many frames torn or garbled in one write)</li>
 * </ol>
 */
public final class Format {
    private Format() {
    }

    /** 2: checksums changed from CRC-32C to {@link Checksum}. Version 1 files never left development. */
    public static final int FORMAT_VERSION = 2;
    /** "COJSOPFS" */
    public static final long MAGIC = 0x434F4A534F504653L;

    // ---- header slot
    public static final int HEADER_SLOT_BYTES = 4096;
    public static final int HEADER_AREA_BYTES = 2 * HEADER_SLOT_BYTES;
    public static final int OFFSET_MAGIC = 0;
    public static final int OFFSET_VERSION = OFFSET_MAGIC + 8;
    public static final int OFFSET_PAGE_SIZE = OFFSET_VERSION + 4;
    public static final int OFFSET_GENERATION = OFFSET_PAGE_SIZE + 4;
    public static final int OFFSET_ROOT = OFFSET_GENERATION + 8;
    public static final int OFFSET_PAGE_COUNT = OFFSET_ROOT + 8;
    public static final int OFFSET_FREE_HEAD = OFFSET_PAGE_COUNT + 8;
    public static final int OFFSET_FREE_PAGES = OFFSET_FREE_HEAD + 8;
    public static final int OFFSET_LOG_START = OFFSET_FREE_PAGES + 8;
    public static final int OFFSET_LOG_SALT = OFFSET_LOG_START + 8;
    public static final int OFFSET_LOG_FIRST_SEQ = OFFSET_LOG_SALT + 4;
    public static final int OFFSET_ENTRY_COUNT = OFFSET_LOG_FIRST_SEQ + 8;
    public static final int OFFSET_HEADER_RESERVED = OFFSET_ENTRY_COUNT + 8;
    public static final int OFFSET_HEADER_CHECKSUM = 124;
    public static final int HEADER_BYTES = OFFSET_HEADER_CHECKSUM + 4;

    // ---- page, common
    public static final byte TYPE_LEAF = 1;
    public static final byte TYPE_BRANCH = 2;
    public static final byte TYPE_OVERFLOW = 3;
    public static final byte TYPE_FREE_LIST = 4;
    public static final int OFFSET_PAGE_TYPE = 0;
    public static final int OFFSET_COUNT = OFFSET_PAGE_TYPE + 2;
    public static final int OFFSET_PAGE_CHECKSUM = OFFSET_COUNT + 2;
    public static final int OFFSET_PAGE_ID = OFFSET_PAGE_CHECKSUM + 4;
    public static final int PAGE_COMMON_BYTES = OFFSET_PAGE_ID + 8;

    // ---- node page (leaf, branch)
    public static final int OFFSET_CONTENT_START = PAGE_COMMON_BYTES;
    public static final int OFFSET_FRAGMENTED = OFFSET_CONTENT_START + 4;
    public static final int OFFSET_RIGHTMOST = OFFSET_FRAGMENTED + 4;
    public static final int NODE_HEADER_BYTES = OFFSET_RIGHTMOST + 8;
    public static final int SLOT_BYTES = 2;

    public static final byte CELL_INLINE = 0;
    public static final byte CELL_OVERFLOW = 1;
    public static final int LEAF_CELL_KIND = 0;
    public static final int LEAF_CELL_KEY_LENGTH = LEAF_CELL_KIND + 1;
    public static final int LEAF_CELL_VALUE_LENGTH = LEAF_CELL_KEY_LENGTH + 2;
    public static final int LEAF_CELL_KEY = LEAF_CELL_VALUE_LENGTH + 4;
    /** An overflow cell's reference, in place of the value: {@code firstPageId(8) pageCount(4)}. */
    public static final int OVERFLOW_REF_FIRST_PAGE = 0;
    public static final int OVERFLOW_REF_PAGE_COUNT = OVERFLOW_REF_FIRST_PAGE + 8;
    public static final int OVERFLOW_REF_BYTES = OVERFLOW_REF_PAGE_COUNT + 4;
    public static final int BRANCH_CELL_CHILD = 0;
    public static final int BRANCH_CELL_KEY_LENGTH = BRANCH_CELL_CHILD + 8;
    public static final int BRANCH_CELL_KEY = BRANCH_CELL_KEY_LENGTH + 2;

    // ---- overflow page
    public static final int OVERFLOW_HEADER_BYTES = PAGE_COMMON_BYTES;

    // ---- free-list page
    public static final int OFFSET_FREE_NEXT = PAGE_COMMON_BYTES;
    public static final int FREE_LIST_HEADER_BYTES = OFFSET_FREE_NEXT + 8;
    public static final int FREE_EXTENT_START = 0;
    public static final int FREE_EXTENT_COUNT = FREE_EXTENT_START + 8;
    public static final int FREE_EXTENT_BYTES = FREE_EXTENT_COUNT + 4;

    // ---- log frame
    public static final int FRAME_LENGTH = 0;
    public static final int FRAME_SALT = FRAME_LENGTH + 4;
    public static final int FRAME_SEQ = FRAME_SALT + 4;
    public static final int FRAME_CHECKSUM = FRAME_SEQ + 8;
    public static final int FRAME_HEADER_BYTES = FRAME_CHECKSUM + 4;
    public static final byte RECORD_PUT = 1;
    public static final byte RECORD_DELETE = 2;

    // ---- limits
    public static final int MAX_KEY_BYTES = 1024;
    /** Values are limited by the Java array size; the product promises at least 4 MiB. */
    public static final int MAX_VALUE_BYTES = 256 << 20;

    /** The first page id: pages before it overlap the header area. */
    public static long firstPage(int pageSize) {
        return (HEADER_AREA_BYTES + pageSize - 1) / pageSize;
    }

    /** The largest leaf cell: at least three cells fit in a page, so a split always succeeds. */
    public static int maxLeafCell(int pageSize) {
        return (pageSize - NODE_HEADER_BYTES) / 3 - SLOT_BYTES;
    }

    public static int overflowPayload(int pageSize) {
        return pageSize - OVERFLOW_HEADER_BYTES;
    }

    public static int overflowPages(int valueLength, int pageSize) {
        int payload = overflowPayload(pageSize);
        return (valueLength + payload - 1) / payload;
    }

    public static int freeExtentsPerPage(int pageSize) {
        return (pageSize - FREE_LIST_HEADER_BYTES) / FREE_EXTENT_BYTES;
    }
}
