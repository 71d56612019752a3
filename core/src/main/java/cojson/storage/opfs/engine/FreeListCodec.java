package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import java.util.List;

/** Free-list pages: a chain of pages listing free extents (layout in {@link Format}). */
final class FreeListCodec {
    private FreeListCodec() {
    }

    /** A durable free list: the free extents it lists, and its own pages in chain order. */
    record FreeList(FreeSpace available, long[] pages) {
    }

    /** Reads the durable free list of {@code h} through {@code pager} (which reads and checks each page). */
    static FreeList load(Pager pager, Header h) {
        FreeSpace available = new FreeSpace();
        long[] pages = new long[0];
        int perPage = Format.freeExtentsPerPage(pager.pageSize);
        byte[] page = new byte[pager.pageSize];
        long id = h.freeListHead;
        while (id != 0) {
            if (pages.length > h.pageCount) {
                throw StoreException.corruptPage(id, "free list has a cycle");
            }
            pager.readPage(id, page, TYPE_FREE_LIST);
            pages = java.util.Arrays.copyOf(pages, pages.length + 1);
            pages[pages.length - 1] = id;
            int n = PageCodec.count(page);
            if (n > perPage) {
                throw StoreException.corruptPage(id, "free-list page lists " + n + " extents");
            }
            for (int i = 0; i < n; i++) {
                int at = FREE_LIST_HEADER_BYTES + i * FREE_EXTENT_BYTES;
                long start = Bits.i64(page, at + FREE_EXTENT_START);
                long count = Bits.i32(page, at + FREE_EXTENT_COUNT) & 0xFFFFFFFFL;
                if (start < pager.firstPage || count <= 0 || start + count > h.pageCount) {
                    throw StoreException.corruptPage(id, "free extent " + start + "+" + count + " out of range");
                }
                available.add(start, count);
            }
            id = Bits.i64(page, OFFSET_FREE_NEXT);
        }
        if (available.pages() != h.freePages) {
            throw StoreException.corrupt("free list holds " + available.pages() + " pages, header says " + h.freePages);
        }
        return new FreeList(available, pages);
    }

    /** Encodes {@code extents} into sealed pages at {@code pageIds}, chained in that order. */
    static byte[][] encode(List<FreeSpace.Extent> extents, long[] pageIds, int pageSize) {
        int perPage = Format.freeExtentsPerPage(pageSize);
        byte[][] out = new byte[pageIds.length][];
        int e = 0;
        for (int p = 0; p < pageIds.length; p++) {
            byte[] page = new byte[pageSize];
            page[OFFSET_PAGE_TYPE] = TYPE_FREE_LIST;
            int n = Math.min(perPage, extents.size() - e);
            PageCodec.setCount(page, n);
            for (int i = 0; i < n; i++, e++) {
                int at = FREE_LIST_HEADER_BYTES + i * FREE_EXTENT_BYTES;
                Bits.putI64(page, at + FREE_EXTENT_START, extents.get(e).start());
                Bits.putI32(page, at + FREE_EXTENT_COUNT, (int) extents.get(e).count());
            }
            Bits.putI64(page, OFFSET_FREE_NEXT, p + 1 < pageIds.length ? pageIds[p + 1] : 0);
            PageCodec.seal(page, pageIds[p]);
            out[p] = page;
        }
        if (e != extents.size()) {
            throw new IllegalStateException("free list does not fit its pages");
        }
        return out;
    }
}
