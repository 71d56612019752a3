package cojson.storage.opfs.engine;

/**
 * A leaf or branch page in memory. A clean node mirrors page {@code id} of the file and may be
 * evicted; a dirty node has a temporary id (see {@link Pager#isTemp}) and stays in memory until a
 * checkpoint gives it a page.
 */
final class Node {
    long id;
    final byte[] page;
    boolean dirty;
    /**
     * In memory only: the slot index of the last key inserted here (a new key, not an update), or
     * -1. A leaf split that finds the next insert right after it splits at the insertion point
     * ({@code Tree}); a copy-on-write copy keeps it.
     */
    int lastInsert = -1;
    /** LRU links of the page cache (clean nodes only). */
    Node newer;
    Node older;

    Node(long id, byte[] page, boolean dirty) {
        this.id = id;
        this.page = page;
        this.dirty = dirty;
    }
}
