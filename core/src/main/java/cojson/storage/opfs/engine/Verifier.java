package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import java.util.BitSet;

/**
 * The full integrity check: every node's checksum, structure and key order, bounds from its
 * parent, equal leaf depth, the entry count, every overflow page, and a page audit: every page of
 * the page space is reachable exactly once, or free, or awaiting reuse; none is leaked.
 */
final class Verifier {
    private final Pager pager;
    private final BitSet used = new BitSet();
    private int leafDepth = -1;
    private long entries;

    private Verifier(Pager pager) {
        this.pager = pager;
    }

    static void run(Pager pager, Tree tree) {
        Verifier v = new Verifier(pager);
        if (tree.root != 0) {
            v.walk(tree.root, null, null, 0);
        }
        if (v.entries != tree.entryCount) {
            throw StoreException.corrupt("tree holds " + v.entries + " entries, header says " + tree.entryCount);
        }
        for (long id : pager.freeListPages()) {
            v.mark(id, 1, "free-list page");
        }
        for (FreeSpace.Extent e : pager.availableExtents()) {
            v.mark(e.start(), e.count(), "free extent");
        }
        for (FreeSpace.Extent e : pager.pendingExtents()) {
            v.mark(e.start(), e.count(), "page awaiting reuse");
        }
        int leaked = v.used.nextClearBit((int) pager.firstPage);
        if (leaked < pager.pageCount()) {
            throw StoreException.corruptPage(leaked, "neither reachable nor free (leaked)");
        }
    }

    private void mark(long start, long count, String what) {
        if (start < pager.firstPage || start + count > pager.pageCount()) {
            throw StoreException.corruptPage(start, what + " outside the page space");
        }
        for (long id = start; id < start + count; id++) {
            if (used.get((int) id)) {
                throw StoreException.corruptPage(id, what + " is also used elsewhere");
            }
            used.set((int) id);
        }
    }

    private void walk(long id, byte[] lower, byte[] upper, int depth) {
        if (depth >= Tree.MAX_DEPTH) {
            throw StoreException.corruptPage(id, "tree deeper than " + Tree.MAX_DEPTH);
        }
        if (!Pager.isTemp(id)) {
            mark(id, 1, "node");
        }
        Node node = pager.node(id);
        byte[] p = node.page;
        int n = NodeCodec.count(p);
        checkLayout(id, p, n);
        byte[] previous = lower;
        for (int i = 0; i < n; i++) {
            byte[] key = NodeCodec.key(p, i);
            boolean ordered = previous == null || (i == 0 ? Bytes.compare(previous, key) <= 0
                    : Bytes.compare(previous, key) < 0);
            if (!ordered || (upper != null && Bytes.compare(key, upper) >= 0)) {
                throw StoreException.corruptPage(id, "key " + i + " out of order or outside its parent's range");
            }
            previous = key;
        }
        if (NodeCodec.isLeaf(p)) {
            if (leafDepth < 0) {
                leafDepth = depth;
            } else if (leafDepth != depth) {
                throw StoreException.corruptPage(id, "leaf at depth " + depth + ", others at " + leafDepth);
            }
            entries += n;
            for (int i = 0; i < n; i++) {
                checkOverflow(id, p, NodeCodec.cell(p, i));
            }
            return;
        }
        byte[] childLower = lower;
        for (int i = 0; i <= n; i++) {
            byte[] childUpper = i < n ? NodeCodec.key(p, i) : upper;
            walk(NodeCodec.child(p, i), childLower, childUpper, depth + 1);
            childLower = childUpper;
        }
    }

    private void checkLayout(long id, byte[] p, int n) {
        int slotsEnd = NODE_HEADER_BYTES + SLOT_BYTES * n;
        int start = NodeCodec.contentStart(p);
        if (slotsEnd > start || start > p.length) {
            throw StoreException.corruptPage(id, "slot array overlaps cell content");
        }
        for (int i = 0; i < n; i++) {
            int c = NodeCodec.cell(p, i);
            if (c < start || c + LEAF_CELL_KEY > p.length || c + NodeCodec.cellSize(p, c) > p.length
                    || NodeCodec.keyLength(p, c) > MAX_KEY_BYTES) {
                throw StoreException.corruptPage(id, "cell " + i + " lies outside the page");
            }
        }
    }

    private void checkOverflow(long id, byte[] p, int cell) {
        if (!NodeCodec.isOverflow(p, cell)) {
            return;
        }
        long first = NodeCodec.overflowFirstPage(p, cell);
        int pages = NodeCodec.overflowPageCount(p, cell);
        int length = NodeCodec.valueLength(p, cell);
        if (!Pager.isTemp(first)) {
            mark(first, pages, "overflow page of a value in page " + id);
        }
        pager.readOverflow(first, pages, length);
    }
}
