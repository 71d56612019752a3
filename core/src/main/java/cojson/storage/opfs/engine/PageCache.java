package cojson.storage.opfs.engine;

/** Clean nodes by page id, least recently used evicted first, within a byte budget. */
final class PageCache {
    private final LongMap<Node> byId = new LongMap<>();
    private final long budgetBytes;
    private final int pageSize;
    /** Most recently used end of the LRU list, and least recently used end. */
    private Node newest;
    private Node oldest;
    long hits;
    long misses;

    PageCache(long budgetBytes, int pageSize) {
        this.budgetBytes = budgetBytes;
        this.pageSize = pageSize;
    }

    Node get(long id) {
        Node n = byId.get(id);
        if (n == null) {
            misses++;
            return null;
        }
        hits++;
        if (n != newest) {
            unlink(n);
            linkNewest(n);
        }
        return n;
    }

    /** Whether page {@code id} is cached, without counting a hit or a miss or touching its age. */
    boolean contains(long id) {
        return byId.get(id) != null;
    }

    /** How many pages the budget holds. */
    long capacityPages() {
        return budgetBytes / pageSize;
    }

    void put(Node n) {
        byId.put(n.id, n);
        linkNewest(n);
        while ((long) byId.size() * pageSize > budgetBytes && oldest != null && oldest != n) {
            remove(oldest.id);
        }
    }

    void remove(long id) {
        Node n = byId.remove(id);
        if (n != null) {
            unlink(n);
        }
    }

    long bytes() {
        return (long) byId.size() * pageSize;
    }

    private void linkNewest(Node n) {
        n.older = newest;
        n.newer = null;
        if (newest != null) {
            newest.newer = n;
        }
        newest = n;
        if (oldest == null) {
            oldest = n;
        }
    }

    private void unlink(Node n) {
        if (n.newer != null) {
            n.newer.older = n.older;
        } else {
            newest = n.older;
        }
        if (n.older != null) {
            n.older.newer = n.newer;
        } else {
            oldest = n.newer;
        }
        n.newer = null;
        n.older = null;
    }
}
