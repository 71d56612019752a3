package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;

/** The durable root of a store: one header slot's fields, and their codec. */
final class Header {
    /** The lowest format version a reader must implement to read the file (at OFFSET_READ_VERSION). */
    final int readVersion;
    /** The lowest format version a writer must implement to change the file (at OFFSET_WRITE_VERSION). */
    final int writeVersion;
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

    /** A header of this build's format version. */
    Header(int pageSize, long generation, long rootPageId, long pageCount, long freeListHead, long freePages,
           long logStart, int logSalt, long logFirstSeq, long entryCount) {
        this(FORMAT_VERSION, FORMAT_VERSION, pageSize, generation, rootPageId, pageCount, freeListHead, freePages,
                logStart, logSalt, logFirstSeq, entryCount);
    }

    private Header(int readVersion, int writeVersion, int pageSize, long generation, long rootPageId, long pageCount,
                   long freeListHead, long freePages, long logStart, int logSalt, long logFirstSeq, long entryCount) {
        this.readVersion = readVersion;
        this.writeVersion = writeVersion;
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

    /** True for a header of an older format version that this build upgrades in place. */
    boolean olderFormat() {
        return readVersion < FORMAT_VERSION;
    }

    /**
     * The same store in this build's format, one generation up: the same tree, free list and log
     * (so a crash that keeps either header opens to the same state).
     */
    Header upgraded() {
        return new Header(pageSize, generation + 1, rootPageId, pageCount, freeListHead, freePages, logStart, logSalt,
                logFirstSeq, entryCount);
    }

    /** Encodes in this build's format (a header is only written by a checkpoint, creation or upgrade). */
    byte[] encode() {
        byte[] b = new byte[HEADER_BYTES];
        Bits.putI64(b, OFFSET_MAGIC, MAGIC);
        Bits.putI32(b, OFFSET_READ_VERSION, readVersion);
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
        Bits.putI32(b, OFFSET_WRITE_VERSION, writeVersion);
        Bits.putI32(b, OFFSET_HEADER_CHECKSUM, Checksum.of(b, 0, OFFSET_HEADER_CHECKSUM, 0));
        return b;
    }

    /** Decodes one slot from {@code b} at 0 (see {@link #decode(byte[], int, int)}). */
    static Header decode(byte[] b, int slot) {
        return decode(b, 0, slot);
    }

    /**
     * Decodes the slot at {@code at} of {@code b}. Returns null when it is not a valid header
     * (wrong magic or checksum: never written, torn, or damaged); throws UNSUPPORTED_FORMAT for a
     * valid slot that this build cannot read (read version newer than {@link Format#FORMAT_VERSION},
     * or older than {@link Format#OLDEST_FORMAT_VERSION}), and CORRUPT for a valid checksum over
     * impossible fields. A header this build can read but not write (a newer write version) is
     * returned; the caller refuses to write to it.
     */
    static Header decode(byte[] b, int at, int slot) {
        if (b.length < at + HEADER_BYTES || Bits.i64(b, at + OFFSET_MAGIC) != MAGIC
                || Bits.i32(b, at + OFFSET_HEADER_CHECKSUM) != Checksum.of(b, at, OFFSET_HEADER_CHECKSUM, 0)) {
            return null;
        }
        int readVersion = Bits.i32(b, at + OFFSET_READ_VERSION);
        if (readVersion < OLDEST_FORMAT_VERSION || readVersion > FORMAT_VERSION) {
            throw StoreException.of(ErrorCode.UNSUPPORTED_FORMAT, "header slot " + slot + " needs a reader of format version "
                    + readVersion + "; this build reads versions " + OLDEST_FORMAT_VERSION + " to " + FORMAT_VERSION
                    + (readVersion > FORMAT_VERSION ? ": the file was written by a newer cojson-storage-opfs, update this one"
                    : ""));
        }
        // Version 2 had no write version: its bytes were reserved, zero.
        int writeVersion = readVersion == 2 ? 2 : Bits.i32(b, at + OFFSET_WRITE_VERSION);
        Header h = new Header(readVersion, writeVersion, Bits.i32(b, at + OFFSET_PAGE_SIZE),
                Bits.i64(b, at + OFFSET_GENERATION), Bits.i64(b, at + OFFSET_ROOT), Bits.i64(b, at + OFFSET_PAGE_COUNT),
                Bits.i64(b, at + OFFSET_FREE_HEAD), Bits.i64(b, at + OFFSET_FREE_PAGES), Bits.i64(b, at + OFFSET_LOG_START),
                Bits.i32(b, at + OFFSET_LOG_SALT), Bits.i64(b, at + OFFSET_LOG_FIRST_SEQ), Bits.i64(b, at + OFFSET_ENTRY_COUNT));
        h.check(slot);
        return h;
    }

    private void check(int slot) {
        boolean ok = writeVersion >= readVersion
                && pageSize >= 4096 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1
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
        return o != null && readVersion == o.readVersion && writeVersion == o.writeVersion && pageSize == o.pageSize
                && generation == o.generation && rootPageId == o.rootPageId
                && pageCount == o.pageCount && freeListHead == o.freeListHead && freePages == o.freePages
                && logStart == o.logStart && logSalt == o.logSalt && logFirstSeq == o.logFirstSeq
                && entryCount == o.entryCount;
    }
}
