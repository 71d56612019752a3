package cojson.storage.opfs.engine;

/**
 * The on-disk format, version {@value #FORMAT_VERSION}, documented once. Every offset used by the
 * codecs is a constant here; no literal offset appears anywhere else ({@code FormatTest} ties this
 * table to the codecs). All integers are big-endian. Checksums are {@link Checksum} (32 bits,
 * xxHash32's construction).
 *
 * <h2>File</h2>
 * <pre>
 *   byte 0      2048        4096      6144        8192 (or pageSize, whichever is larger)
 *   +----------+-----------+---------+-----------+--------------------------------+-----------------+
 *   | header A | watermark | header B| watermark | pages FIRST_PAGE .. pageCount-1 | log frames ...  |
 *   |          | copy 0    |         | copy 1    |                                |                 |
 *   +----------+-----------+---------+-----------+--------------------------------+-----------------+
 *   \______ header slot 0 _/\______ header slot 1 _/  page p lives at byte p * pageSize
 *                                                     logStart = pageCount * pageSize
 * </pre>
 * Bytes of the header area not listed here are zero when written and ignored when read. The two
 * header slots hold copies of one header (a mirror, not a ping-pong): a checkpoint writes the new
 * header first into the slot that does not hold the current durable copy, flushes (the commit
 * point), then into the other slot. Open takes the valid slot with the highest generation.
 *
 * <h2>Versions</h2>
 * A header carries two versions. The <b>read version</b> is the lowest format version a reader
 * must implement to read the file; the <b>write version</b> (at least the read version) the lowest
 * a writer must implement to change it. A build of format version V opens a file whose read
 * version is at most V; it writes to it only if its write version is at most V too (else the file
 * opens read-only, or a writable open fails with UNSUPPORTED_FORMAT). So a later version that
 * adds bytes an older reader may ignore raises only the write version. This build writes read and
 * write version {@value #FORMAT_VERSION}.
 * <ul>
 *   <li>2: the version field at 8 (now the read version); bytes 84..123 reserved, zero. No log
 *       watermark; creation wrote both slots, then one flush.</li>
 *   <li>3: the write version at 84; the log watermark; creation writes slot 1, flushes, then slot
 *       0 (crash invariant 7). Pages, free lists and log frames are as in version 2. A version-2
 *       file is upgraded in place by its first writable open: after its log is replayed, the same
 *       header in version 3, one generation up, is committed as a checkpoint commits a header
 *       (1 write, 1 flush, 1 write), so a crash keeps either header, which describe one state.</li>
 * </ul>
 *
 * <h2>Header slot (HEADER_BYTES, at 0 and at HEADER_SLOT_BYTES)</h2>
 * <pre>
 *   OFFSET SIZE FIELD
 *   0      8    magic "COJSOPFS"
 *   8      4    read version
 *   12     4    page size in bytes
 *   16     8    generation: checkpoints (and upgrades) since creation; the higher valid slot wins
 *   24     8    root page id (0: empty tree)
 *   32     8    page count: pages [FIRST_PAGE, pageCount) are in use or free
 *   40     8    free-list head page id (0: none)
 *   48     8    free page count (pages listed in the free list)
 *   56     8    log start byte offset (= pageCount * pageSize)
 *   64     4    log salt: the seed of the first frame's chained checksum
 *   68     8    log first sequence number
 *   76     8    entry count (keys in the tree)
 *   84     4    write version (version 2: reserved, zero)
 *   88     36   reserved, zero
 *   124    4    checksum of bytes [0, 124), seed 0
 * </pre>
 *
 * <h2>Log watermark (WATERMARK_BYTES, at WATERMARK_IN_SLOT of each header slot)</h2>
 * <pre>
 *   OFFSET SIZE FIELD
 *   0      8    magic "COJSLOGW"
 *   8      8    the generation of the header whose log it describes
 *   16     4    that log's salt
 *   20     8    acknowledged sequence end: every frame with a smaller sequence number was acknowledged
 *   28     8    acknowledged byte end: where the frame with that sequence number starts
 *   36     4    checksum of bytes [0, 36), seed 0
 * </pre>
 * A watermark copy is valid if and only if its magic and checksum match and its generation and
 * salt are the durable header's. The store writes one after every flush that made log frames
 * durable (a durable commit's, a relaxed {@code flush()}'s), alternating between the two copies,
 * and never flushes for it: the next flush makes it durable (a process that dies keeps it anyway;
 * only a power loss can lose the last one).
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
 * Sequence numbers keep growing across checkpoints (a new log's first is the old log's next). A
 * frame is valid if and only if its salt and sequence are the expected ones and its chained
 * checksum matches. Recovery replays valid frames in order and stops at the first invalid one, at
 * sequence x. The store opens if and only if x is at least the acknowledged sequence end of the
 * best valid watermark copy (the header's first sequence when none is valid), and the frames
 * before that end stop at its byte end; otherwise it is CORRUPT. So a tail torn by a crash (frames
 * no watermark claims) opens at the last whole commit, while a frame missing or damaged below the
 * watermark is reported, never replayed around. A stale frame of an older log cannot validate: its
 * chain started from another salt or another predecessor.
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
 *   <li>The watermark never claims a frame before the flush that made it durable has returned,
 *       and a claimed frame is never written again in the same log (the log only appends after
 *       its last valid frame, and a checkpoint starts a new log, with a new generation and salt,
 *       only after its header is durable). So after any crash every claimed frame is whole, and a
 *       claimed frame that is missing or damaged is damage, not a torn tail: CORRUPT, in durable
 *       and relaxed mode alike (where a commit is acknowledged by a later flush).
 *       {@code CrashRecoveryTest} (no crash image is CORRUPT), {@code LogDamageTest} (every damage
 *       below the watermark is CORRUPT), {@code IoBudgetTest} (the watermark costs one write call
 *       and no flush)</li>
 *   <li>Creation writes header slot 1, flushes, then writes slot 0 and flushes. So a file whose
 *       slots are both invalid, that is no longer than slot 1's end and whose first 4 KiB are zero
 *       is a creation cut by a crash: no commit was ever acknowledged in it, and open starts it
 *       afresh. Any other file without a valid slot is CORRUPT (only creation leaves slot 0 zero).
 *       {@code CreationCrashTest}</li>
 *   <li>A watermark write never overwrites the only durable watermark: the copies alternate
 *       (after a failed write, the same copy is written again), so a write torn by a crash leaves
 *       the other copy, made durable by the flush that preceded the torn write. And it never
 *       touches a header: each copy has its own 512-byte sector.
 *       {@code LogDamageTest}</li>
 * </ol>
 */
public final class Format {
    private Format() {
    }

    /**
     * The format version this build implements, and writes as both read and write version (see
     * Versions above). 3: write version, log watermark, crash-safe creation. 2: checksums changed
     * from CRC-32C to {@link Checksum}. Version 1 files never left development.
     */
    public static final int FORMAT_VERSION = 3;
    /** The oldest format version this build reads; it upgrades such a file in place at a writable open. */
    public static final int OLDEST_FORMAT_VERSION = 2;
    /** "COJSOPFS" */
    public static final long MAGIC = 0x434F4A534F504653L;

    // ---- header slot
    public static final int HEADER_SLOT_BYTES = 4096;
    public static final int HEADER_AREA_BYTES = 2 * HEADER_SLOT_BYTES;
    public static final int OFFSET_MAGIC = 0;
    public static final int OFFSET_READ_VERSION = OFFSET_MAGIC + 8;
    public static final int OFFSET_PAGE_SIZE = OFFSET_READ_VERSION + 4;
    public static final int OFFSET_GENERATION = OFFSET_PAGE_SIZE + 4;
    public static final int OFFSET_ROOT = OFFSET_GENERATION + 8;
    public static final int OFFSET_PAGE_COUNT = OFFSET_ROOT + 8;
    public static final int OFFSET_FREE_HEAD = OFFSET_PAGE_COUNT + 8;
    public static final int OFFSET_FREE_PAGES = OFFSET_FREE_HEAD + 8;
    public static final int OFFSET_LOG_START = OFFSET_FREE_PAGES + 8;
    public static final int OFFSET_LOG_SALT = OFFSET_LOG_START + 8;
    public static final int OFFSET_LOG_FIRST_SEQ = OFFSET_LOG_SALT + 4;
    public static final int OFFSET_ENTRY_COUNT = OFFSET_LOG_FIRST_SEQ + 8;
    public static final int OFFSET_WRITE_VERSION = OFFSET_ENTRY_COUNT + 8;
    public static final int OFFSET_HEADER_RESERVED = OFFSET_WRITE_VERSION + 4;
    public static final int HEADER_RESERVED_BYTES = 36;
    public static final int OFFSET_HEADER_CHECKSUM = OFFSET_HEADER_RESERVED + HEADER_RESERVED_BYTES;
    public static final int HEADER_BYTES = OFFSET_HEADER_CHECKSUM + 4;
    /** Slot 1 ends here: a file no longer than this with both slots invalid may be a creation cut short. */
    public static final int CREATION_BYTES = HEADER_SLOT_BYTES + HEADER_BYTES;

    // ---- log watermark, one copy in each header slot
    /** "COJSLOGW" */
    public static final long WATERMARK_MAGIC = 0x434F4A534C4F4757L;
    /** A copy's place in its header slot: a 512-byte sector of its own, apart from the header. */
    public static final int WATERMARK_IN_SLOT = 2048;
    public static final int OFFSET_WM_MAGIC = 0;
    public static final int OFFSET_WM_GENERATION = OFFSET_WM_MAGIC + 8;
    public static final int OFFSET_WM_SALT = OFFSET_WM_GENERATION + 8;
    public static final int OFFSET_WM_SEQ_END = OFFSET_WM_SALT + 4;
    public static final int OFFSET_WM_BYTE_END = OFFSET_WM_SEQ_END + 8;
    public static final int OFFSET_WM_CHECKSUM = OFFSET_WM_BYTE_END + 8;
    public static final int WATERMARK_BYTES = OFFSET_WM_CHECKSUM + 4;

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

    /** The byte offset of header slot {@code slot} (0 or 1). */
    public static long headerSlotOffset(int slot) {
        return (long) slot * HEADER_SLOT_BYTES;
    }

    /** The byte offset of watermark copy {@code copy} (0 or 1). */
    public static long watermarkOffset(int copy) {
        return headerSlotOffset(copy) + WATERMARK_IN_SLOT;
    }

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
