package cojson.storage.opfs.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Free pages as extents {@code start -> count}, merged with their neighbours. The pager keeps two:
 * pages free in the durable header (usable by the next checkpoint) and pages freed since (still
 * reachable from the durable header, so usable only after the next one: crash invariant 2).
 */
final class FreeSpace {
    /** A run of {@code count} free pages from {@code start}. */
    record Extent(long start, long count) {
    }

    private final TreeMap<Long, Long> extents = new TreeMap<>();
    private long pages;

    void add(long start, long count) {
        if (count <= 0) {
            return;
        }
        long end = start + count;
        Map.Entry<Long, Long> before = extents.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            extents.remove(start);
        }
        Long afterCount = extents.get(end);
        if (afterCount != null) {
            extents.remove(end);
            end += afterCount;
        }
        extents.put(start, end - start);
        pages += count;
    }

    void addAll(FreeSpace other) {
        for (Map.Entry<Long, Long> e : other.extents.entrySet()) {
            add(e.getKey(), e.getValue());
        }
    }

    /** Takes one page, lowest first; -1 if empty. */
    long takeOne() {
        Map.Entry<Long, Long> first = extents.pollFirstEntry();
        if (first == null) {
            return -1;
        }
        if (first.getValue() > 1) {
            extents.put(first.getKey() + 1, first.getValue() - 1);
        }
        pages--;
        return first.getKey();
    }

    /** Takes {@code count} contiguous pages from the lowest extent that holds them; -1 if none does. */
    long takeRun(long count) {
        return takeRunBelow(count, Long.MAX_VALUE);
    }

    /**
     * Takes {@code count} contiguous pages from the lowest extent that holds them entirely below
     * page {@code limit}; -1 if none does.
     */
    long takeRunBelow(long count, long limit) {
        for (Map.Entry<Long, Long> e : extents.entrySet()) {
            long start = e.getKey();
            long length = e.getValue();
            if (start + count > limit) {
                return -1;
            }
            if (length >= count) {
                // Read before removing: TreeMap may reuse a removed entry's node for its successor.
                extents.remove(start);
                if (length > count) {
                    extents.put(start + count, length - count);
                }
                pages -= count;
                return start;
            }
        }
        return -1;
    }

    /** Removes a trailing extent that ends exactly at {@code end}; returns its start, or {@code end}. */
    long trimTail(long end) {
        Map.Entry<Long, Long> last = extents.lastEntry();
        if (last != null && last.getKey() + last.getValue() == end) {
            extents.remove(last.getKey());
            pages -= last.getValue();
            return last.getKey();
        }
        return end;
    }

    long pages() {
        return pages;
    }

    int extentCount() {
        return extents.size();
    }

    boolean isEmpty() {
        return extents.isEmpty();
    }

    void clear() {
        extents.clear();
        pages = 0;
    }

    /** The extents, in page order. */
    List<Extent> list() {
        List<Extent> out = new ArrayList<>(extents.size());
        Iterator<Map.Entry<Long, Long>> it = extents.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> e = it.next();
            out.add(new Extent(e.getKey(), e.getValue()));
        }
        return out;
    }

    FreeSpace copy() {
        FreeSpace c = new FreeSpace();
        c.extents.putAll(extents);
        c.pages = pages;
        return c;
    }
}
