package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;

/** The header shared by every page: type, count, checksum, own id. */
final class PageCodec {
    private PageCodec() {
    }

    /** Over bytes [8, pageSize), seeded with the first four (type, reserved, count): all but the checksum. */
    static int checksum(byte[] page) {
        return Checksum.of(page, OFFSET_PAGE_ID, page.length - OFFSET_PAGE_ID, Bits.i32(page, OFFSET_PAGE_TYPE));
    }

    /** Stamps the page's id and checksum just before it is written at {@code pageId}. */
    static void seal(byte[] page, long pageId) {
        Bits.putI64(page, OFFSET_PAGE_ID, pageId);
        Bits.putI32(page, OFFSET_PAGE_CHECKSUM, checksum(page));
    }

    /** Checks a page read from {@code pageId}: checksum, own id, and the expected type. */
    static void check(byte[] page, long pageId, byte expectedType) {
        if (Bits.i32(page, OFFSET_PAGE_CHECKSUM) != checksum(page)) {
            throw StoreException.corruptPage(pageId, "checksum mismatch");
        }
        if (Bits.i64(page, OFFSET_PAGE_ID) != pageId) {
            throw StoreException.corruptPage(pageId, "page claims id " + Bits.i64(page, OFFSET_PAGE_ID));
        }
        byte type = page[OFFSET_PAGE_TYPE];
        boolean nodeExpected = expectedType == 0;
        boolean ok = nodeExpected ? (type == TYPE_LEAF || type == TYPE_BRANCH) : type == expectedType;
        if (!ok) {
            throw StoreException.corruptPage(pageId, "unexpected page type " + type);
        }
    }

    static int count(byte[] page) {
        return Bits.u16(page, OFFSET_COUNT);
    }

    static void setCount(byte[] page, int n) {
        Bits.putU16(page, OFFSET_COUNT, n);
    }
}
