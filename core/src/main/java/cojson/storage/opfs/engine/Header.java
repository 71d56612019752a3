package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;

/** The durable root of a store: one header slot's fields, and their codec. */
final class Header {
    final int pageSize;
    final long generation;
    final long rootPageId;
    final long pageCount;
    final long freeListHead;
    final long freePages;
    final long logStart;
    final int logSalt;
    final long logFirstSeq;
    final long entryCount;

    Header(int pageSize, long generation, long rootPageId, long pageCount, long freeListHead, long freePages,
           long logStart, int logSalt, long logFirstSeq, long entryCount) {
        this.pageSize = pageSize;
        this.generation = generation;
        this.rootPageId = rootPageId;
        this.pageCount = pageCount;
        this.freeListHead = freeListHead;
        this.freePages = freePages;
        this.logStart = logStart;
        this.logSalt = logSalt;
        this.logFirstSeq = logFirstSeq;
        this.entryCount = entryCount;
    }

    /** The header of a new, empty store. */
    static Header empty(int pageSize, int salt) {
        long first = Format.firstPage(pageSize);
        return new Header(pageSize, 1, 0, first, 0, 0, first * pageSize, salt, 1, 0);
    }

    byte[] encode() {
        byte[] b = new byte[HEADER_BYTES];
        Bits.putI64(b, OFFSET_MAGIC, MAGIC);
        Bits.putI32(b, OFFSET_VERSION, FORMAT_VERSION);
        Bits.putI32(b, OFFSET_PAGE_SIZE, pageSize);
        Bits.putI64(b, OFFSET_GENERATION, generation);
        Bits.putI64(b, OFFSET_ROOT, rootPageId);
        Bits.putI64(b, OFFSET_PAGE_COUNT, pageCount);
        Bits.putI64(b, OFFSET_FREE_HEAD, freeListHead);
        Bits.putI64(b, OFFSET_FREE_PAGES, freePages);
        Bits.putI64(b, OFFSET_LOG_START, logStart);
        Bits.putI32(b, OFFSET_LOG_SALT, logSalt);
        Bits.putI64(b, OFFSET_LOG_FIRST_SEQ, logFirstSeq);
        Bits.putI64(b, OFFSET_ENTRY_COUNT, entryCount);
        Bits.putI32(b, OFFSET_HEADER_CHECKSUM, Checksum.of(b, 0, OFFSET_HEADER_CHECKSUM, 0));
        return b;
    }

    /**
     * Decodes one slot. Returns null when the slot is not a valid header (wrong magic or checksum:
     * never written, torn, or damaged); throws UNSUPPORTED_FORMAT for a valid slot of another
     * version, and CORRUPT for a valid checksum over impossible fields.
     */
    static Header decode(byte[] b, int slot) {
        if (Bits.i64(b, OFFSET_MAGIC) != MAGIC
                || Bits.i32(b, OFFSET_HEADER_CHECKSUM) != Checksum.of(b, 0, OFFSET_HEADER_CHECKSUM, 0)) {
            return null;
        }
        int version = Bits.i32(b, OFFSET_VERSION);
        if (version != FORMAT_VERSION) {
            throw StoreException.of(ErrorCode.UNSUPPORTED_FORMAT, "header slot " + slot + " has format version "
                    + version + "; this build reads version " + FORMAT_VERSION);
        }
        Header h = new Header(Bits.i32(b, OFFSET_PAGE_SIZE), Bits.i64(b, OFFSET_GENERATION), Bits.i64(b, OFFSET_ROOT),
                Bits.i64(b, OFFSET_PAGE_COUNT), Bits.i64(b, OFFSET_FREE_HEAD), Bits.i64(b, OFFSET_FREE_PAGES),
                Bits.i64(b, OFFSET_LOG_START), Bits.i32(b, OFFSET_LOG_SALT), Bits.i64(b, OFFSET_LOG_FIRST_SEQ),
                Bits.i64(b, OFFSET_ENTRY_COUNT));
        h.check(slot);
        return h;
    }

    private void check(int slot) {
        boolean ok = pageSize >= 4096 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1
                && generation >= 1
                && pageCount >= Format.firstPage(pageSize)
                && (rootPageId == 0 || (rootPageId >= Format.firstPage(pageSize) && rootPageId < pageCount))
                && (freeListHead == 0 || (freeListHead >= Format.firstPage(pageSize) && freeListHead < pageCount))
                && freePages >= 0 && freePages < pageCount
                && logStart == pageCount * pageSize
                && logFirstSeq >= 1 && entryCount >= 0;
        if (!ok) {
            throw StoreException.corrupt("header slot " + slot + " has a valid checksum but impossible fields");
        }
    }

    boolean sameAs(Header o) {
        return o != null && pageSize == o.pageSize && generation == o.generation && rootPageId == o.rootPageId
                && pageCount == o.pageCount && freeListHead == o.freeListHead && freePages == o.freePages
                && logStart == o.logStart && logSalt == o.logSalt && logFirstSeq == o.logFirstSeq
                && entryCount == o.entryCount;
    }
}
