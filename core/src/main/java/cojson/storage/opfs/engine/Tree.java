package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

/**
 * The B+tree over the pager: lookups, inserts with splits, deletes with merges. Writes copy the
 * path from the root to the leaf ({@link Pager#writable}); all changes stay in memory until a
 * checkpoint. Leaves have no sibling links, so copy-on-write never cascades sideways; cursors
 * walk with a stack instead.
 */
final class Tree {
    static final int MAX_DEPTH = 40;

    final Pager pager;
    final int pageSize;
    final int maxLeafCell;
    /** Root page id (temporary when dirty); 0 for an empty tree. */
    long root;
    long entryCount;
    /** Incremented by every change, so cursors know to re-seek. */
    long modCount;

    private final byte[] scratch;
    private final byte[] cellBuffer;
    private final Node[] pathNodes = new Node[MAX_DEPTH];
    private final int[] pathIndex = new int[MAX_DEPTH];

    Tree(Pager pager, long root, long entryCount) {
        this.pager = pager;
        this.pageSize = pager.pageSize;
        this.maxLeafCell = Format.maxLeafCell(pageSize);
        this.root = root;
        this.entryCount = entryCount;
        this.scratch = new byte[pageSize];
        this.cellBuffer = new byte[pageSize];
    }

    // ---- reads

    byte[] get(byte[] key) {
        if (root == 0) {
            return null;
        }
        Node n = pager.node(root);
        int depth = 0;
        while (!NodeCodec.isLeaf(n.page)) {
            n = pager.node(NodeCodec.child(n.page, NodeCodec.childIndex(n.page, key)));
            checkDepth(++depth, n);
        }
        int i = NodeCodec.search(n.page, key);
        return i < 0 ? null : value(n.page, NodeCodec.cell(n.page, i));
    }

    byte[] value(byte[] page, int cell) {
        int length = NodeCodec.valueLength(page, cell);
        if (NodeCodec.isOverflow(page, cell)) {
            return pager.readOverflow(NodeCodec.overflowFirstPage(page, cell),
                    NodeCodec.overflowPageCount(page, cell), length);
        }
        byte[] v = new byte[length];
        System.arraycopy(page, NodeCodec.valueOffset(page, cell), v, 0, length);
        return v;
    }

    // ---- writes

    /** Stores {@code value}, which the tree then owns (callers pass a fresh array). */
    void put(byte[] key, byte[] value) {
        modCount++;
        int cellSize;
        if (LEAF_CELL_KEY + key.length + value.length <= maxLeafCell) {
            cellSize = NodeCodec.buildLeafCell(cellBuffer, key, value, value.length, 0, 0);
        } else {
            long ref = pager.putOverflow(value);
            cellSize = NodeCodec.buildLeafCell(cellBuffer, key, null, value.length, ref,
                    Format.overflowPages(value.length, pageSize));
        }
        if (root == 0) {
            Node leaf = pager.newNode(TYPE_LEAF);
            NodeCodec.insert(leaf.page, 0, cellBuffer, 0, cellSize, scratch);
            root = leaf.id;
            entryCount++;
            return;
        }
        int depth = descendWritable(key);
        Node leaf = pathNodes[depth];
        long entryCountBefore = entryCount;
        int i = NodeCodec.search(leaf.page, key);
        if (i >= 0) {
            freeValue(leaf.page, NodeCodec.cell(leaf.page, i));
            NodeCodec.remove(leaf.page, i);
        } else {
            i = -(i + 1);
            entryCount++;
        }
        boolean newKey = entryCountBefore != entryCount;
        if (NodeCodec.insert(leaf.page, i, cellBuffer, 0, cellSize, scratch)) {
            if (newKey) {
                leaf.lastInsert = i;
            }
        } else {
            splitLeaf(depth, leaf, i, cellSize, newKey);
        }
    }

    /** Removes {@code key}; returns whether it was present. An absent key dirties nothing. */
    boolean delete(byte[] key) {
        if (root == 0 || !contains(key)) {
            return false;
        }
        modCount++;
        int depth = descendWritable(key);
        Node leaf = pathNodes[depth];
        int i = NodeCodec.search(leaf.page, key);
        freeValue(leaf.page, NodeCodec.cell(leaf.page, i));
        NodeCodec.remove(leaf.page, i);
        entryCount--;
        rebalance(depth);
        return true;
    }

    private boolean contains(byte[] key) {
        Node n = pager.node(root);
        while (!NodeCodec.isLeaf(n.page)) {
            n = pager.node(NodeCodec.child(n.page, NodeCodec.childIndex(n.page, key)));
        }
        return NodeCodec.search(n.page, key) >= 0;
    }

    private void freeValue(byte[] page, int cell) {
        if (NodeCodec.isOverflow(page, cell)) {
            pager.freeOverflow(NodeCodec.overflowFirstPage(page, cell), NodeCodec.overflowPageCount(page, cell));
        }
    }

    /**
     * Makes the path to {@code key}'s leaf writable, repointing each parent at its child's copy.
     * Fills pathNodes/pathIndex; returns the leaf's depth.
     */
    private int descendWritable(byte[] key) {
        Node n = pager.writable(pager.node(root));
        root = n.id;
        int depth = 0;
        while (!NodeCodec.isLeaf(n.page)) {
            int ci = NodeCodec.childIndex(n.page, key);
            pathNodes[depth] = n;
            pathIndex[depth] = ci;
            Node child = pager.writable(pager.node(NodeCodec.child(n.page, ci)));
            NodeCodec.setChild(n.page, ci, child.id);
            n = child;
            checkDepth(++depth, n);
        }
        pathNodes[depth] = n;
        return depth;
    }

    private void checkDepth(int depth, Node n) {
        if (depth >= MAX_DEPTH) {
            throw cojson.storage.opfs.StoreException.corruptPage(n.id, "tree deeper than " + MAX_DEPTH);
        }
    }

    // ---- splits

    /**
     * The leaf cannot take the new cell (in cellBuffer) at {@code index}: split it in two.
     *
     * <p>Where: keys mostly arrive in order (rowIDs, a session's transaction indexes), and in one
     * tree of many tables the end of a table is usually inside a leaf, followed by the next
     * table's first keys. A split by bytes there leaves a half-full page behind at every split:
     * measured, leaves 68% full after 1,000 small CoValues. So when the insert continues a run
     * (it lands right after the previous new key of this leaf, or at its end), the split is made
     * at the insertion point: the left page keeps everything up to the new key, as full as it
     * was, and the following keys go right, where the next keys of the run will not land. Any
     * other insert splits by bytes, as random keys want (SQLite's balance_quick and InnoDB's
     * insert direction make the same bet).
     */
    private void splitLeaf(int depth, Node leaf, int index, int newCellSize, boolean newKey) {
        int n = NodeCodec.count(leaf.page);
        byte[][] cells = new byte[n + 1][];
        for (int j = 0, k = 0; j <= n; j++) {
            if (j == index) {
                cells[j] = java.util.Arrays.copyOf(cellBuffer, newCellSize);
            } else {
                int c = NodeCodec.cell(leaf.page, k++);
                cells[j] = java.util.Arrays.copyOfRange(leaf.page, c, c + NodeCodec.cellSize(leaf.page, c));
            }
        }
        boolean run = newKey && (index == n || index == leaf.lastInsert + 1);
        int m;
        if (run && index == n) {
            m = n;
        } else if (run && fits(cells, 0, index + 1) && fits(cells, index + 1, n + 1)) {
            m = index + 1;
        } else {
            m = splitPoint(cells, 1, n);
        }
        Node right = pager.newNode(TYPE_LEAF);
        NodeCodec.init(leaf.page, TYPE_LEAF);
        for (int j = 0; j < m; j++) {
            NodeCodec.appendRaw(leaf.page, cells[j], 0, cells[j].length);
        }
        for (int j = m; j <= n; j++) {
            NodeCodec.appendRaw(right.page, cells[j], 0, cells[j].length);
        }
        leaf.lastInsert = index < m ? index : -1;
        right.lastInsert = index < m ? -1 : index - m;
        byte[] separator = shortestSeparator(leaf.page, NodeCodec.count(leaf.page) - 1, right.page);
        insertSeparator(depth - 1, leaf.id, separator, right.id, run);
    }

    /** Whether cells [from, to) fit in one node page. */
    private boolean fits(byte[][] cells, int from, int to) {
        long bytes = 0;
        for (int j = from; j < to; j++) {
            bytes += cells[j].length + SLOT_BYTES;
        }
        return bytes <= pageSize - NODE_HEADER_BYTES;
    }

    /** Smallest m in [lo, hi] whose left part holds at least half the bytes. */
    private static int splitPoint(byte[][] cells, int lo, int hi) {
        long total = 0;
        for (byte[] c : cells) {
            total += c.length + SLOT_BYTES;
        }
        long left = 0;
        int m = 0;
        while (m < cells.length && left + cells[m].length + SLOT_BYTES <= total / 2) {
            left += cells[m].length + SLOT_BYTES;
            m++;
        }
        return Math.max(lo, Math.min(hi, m));
    }

    /** The shortest key s with last(left) < s <= first(right): a prefix of first(right). */
    private static byte[] shortestSeparator(byte[] leftPage, int lastIndex, byte[] rightPage) {
        int lc = NodeCodec.cell(leftPage, lastIndex);
        int lo = NodeCodec.keyOffset(leftPage, lc);
        int ll = NodeCodec.keyLength(leftPage, lc);
        int rc = NodeCodec.cell(rightPage, 0);
        int ro = NodeCodec.keyOffset(rightPage, rc);
        int rl = NodeCodec.keyLength(rightPage, rc);
        int common = 0;
        while (common < ll && common < rl && leftPage[lo + common] == rightPage[ro + common]) {
            common++;
        }
        byte[] s = new byte[Math.min(rl, common + 1)];
        System.arraycopy(rightPage, ro, s, 0, s.length);
        return s;
    }

    /**
     * After the child at pathIndex[level] split into (left, right), records the separator in its
     * parent. {@code run}: the split continued a run of keys (see {@link #splitLeaf}).
     */
    private void insertSeparator(int level, long leftId, byte[] separator, long rightId, boolean run) {
        int size = NodeCodec.buildBranchCell(cellBuffer, leftId, separator, 0, separator.length);
        if (level < 0) {
            Node newRoot = pager.newNode(TYPE_BRANCH);
            NodeCodec.insert(newRoot.page, 0, cellBuffer, 0, size, scratch);
            NodeCodec.setRightmost(newRoot.page, rightId);
            root = newRoot.id;
            return;
        }
        Node parent = pathNodes[level];
        int ci = pathIndex[level];
        if (NodeCodec.insert(parent.page, ci, cellBuffer, 0, size, scratch)) {
            NodeCodec.setChild(parent.page, ci + 1, rightId);
            return;
        }
        splitBranch(level, parent, ci, separator, leftId, rightId, run);
    }

    private void splitBranch(int level, Node node, int ci, byte[] separator, long leftId, long rightId, boolean run) {
        byte[] p = node.page;
        int n = NodeCodec.count(p);
        byte[][] keys = new byte[n + 1][];
        long[] children = new long[n + 2];
        for (int j = 0, k = 0; j <= n; j++) {
            if (j == ci) {
                keys[j] = separator;
                children[j] = leftId;
            } else {
                keys[j] = NodeCodec.key(p, k);
                children[j] = NodeCodec.child(p, k);
                k++;
            }
        }
        children[n + 1] = NodeCodec.rightmost(p);
        children[ci + 1] = rightId;
        byte[][] sized = new byte[n + 1][];
        for (int j = 0; j <= n; j++) {
            sized[j] = new byte[BRANCH_CELL_KEY + keys[j].length];
        }
        // A leaf split that continued a run splits its parents just after the new separator: the
        // left page keeps what it had plus the run's two children (the one taking the run's next
        // keys among them), the keys after them go right and are not disturbed again. Moving the
        // following keys along with the run's child instead would carry them forward at every
        // split and leave each left page as empty as that cold part is large.
        int m;
        if (ci == n) {
            m = n - 1;
        } else if (run) {
            m = Math.min(ci + 1, n - 1);
        } else {
            m = splitPoint(sized, 1, n - 1);
        }
        Node right = pager.newNode(TYPE_BRANCH);
        NodeCodec.init(p, TYPE_BRANCH);
        for (int j = 0; j < m; j++) {
            appendBranchCell(p, children[j], keys[j]);
        }
        NodeCodec.setRightmost(p, children[m]);
        for (int j = m + 1; j <= n; j++) {
            appendBranchCell(right.page, children[j], keys[j]);
        }
        NodeCodec.setRightmost(right.page, children[n + 1]);
        insertSeparator(level - 1, node.id, keys[m], right.id, run);
    }

    private void appendBranchCell(byte[] page, long child, byte[] key) {
        int size = NodeCodec.buildBranchCell(scratch, child, key, 0, key.length);
        NodeCodec.appendRaw(page, scratch, 0, size);
    }

    // ---- merges

    /** Walks up from the leaf at {@code depth}, merging underfull nodes into a sibling when they fit. */
    private void rebalance(int depth) {
        Node node = pathNodes[depth];
        for (int level = depth - 1; ; level--) {
            if (level < 0) {
                collapseRoot(node);
                return;
            }
            if (NodeCodec.usedBytes(node.page) >= NodeCodec.capacity(node.page) / 4) {
                return;
            }
            Node parent = pathNodes[level];
            int ci = pathIndex[level];
            int parentCount = NodeCodec.count(parent.page);
            if (parentCount == 0) {
                node = parent;
                continue;
            }
            int leftIndex = ci < parentCount ? ci : ci - 1;
            Node left = ci < parentCount ? node : pager.node(NodeCodec.child(parent.page, leftIndex));
            Node right = ci < parentCount ? pager.node(NodeCodec.child(parent.page, ci + 1)) : node;
            int separatorCell = NodeCodec.cell(parent.page, leftIndex);
            int separatorLength = NodeCodec.keyLength(parent.page, separatorCell);
            boolean leaf = NodeCodec.isLeaf(node.page);
            int need = NodeCodec.usedBytes(left.page) + NodeCodec.usedBytes(right.page)
                    + (leaf ? 0 : BRANCH_CELL_KEY + separatorLength + SLOT_BYTES);
            if (need > NodeCodec.capacity(node.page)) {
                return;
            }
            Node target = pager.writable(left);
            if (target != left) {
                NodeCodec.setChild(parent.page, leftIndex, target.id);
            }
            NodeCodec.compact(target.page, scratch);
            if (!leaf) {
                int size = NodeCodec.buildBranchCell(cellBuffer, NodeCodec.rightmost(target.page), parent.page,
                        NodeCodec.keyOffset(parent.page, separatorCell), separatorLength);
                NodeCodec.appendRaw(target.page, cellBuffer, 0, size);
                NodeCodec.setRightmost(target.page, NodeCodec.rightmost(right.page));
            }
            int rn = NodeCodec.count(right.page);
            for (int j = 0; j < rn; j++) {
                NodeCodec.appendFrom(target.page, right.page, j);
            }
            pager.free(right);
            NodeCodec.remove(parent.page, leftIndex);
            NodeCodec.setChild(parent.page, leftIndex, target.id);
            node = parent;
        }
    }

    private void collapseRoot(Node node) {
        while (true) {
            int n = NodeCodec.count(node.page);
            if (n > 0) {
                return;
            }
            if (NodeCodec.isLeaf(node.page)) {
                pager.free(node);
                root = 0;
                return;
            }
            long only = NodeCodec.rightmost(node.page);
            pager.free(node);
            root = only;
            node = pager.node(only);
        }
    }
}
