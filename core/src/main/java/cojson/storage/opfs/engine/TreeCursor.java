package cojson.storage.opfs.engine;

/**
 * A forward cursor over the tree with a root-to-leaf stack. After a write to the tree (seen by
 * {@link Tree#modCount}) it re-seeks just past the last key it returned, so it never skips or
 * repeats an entry that existed throughout. The last key is kept in a reused buffer: stepping
 * through entries allocates nothing (on the JS build every {@code byte[]} is a typed array, whose
 * creation cost more than the step itself).
 */
final class TreeCursor implements Cursor {
    private final Tree tree;
    private final byte[] from;
    private final byte[] to;
    private final Node[] nodes = new Node[Tree.MAX_DEPTH];
    private final int[] index = new int[Tree.MAX_DEPTH];
    private int leafLevel = -1;
    /** The last key returned: {@code lastKey[0, lastKeyLength)}. */
    private byte[] lastKey = new byte[32];
    private int lastKeyLength;
    private long seenMod;
    private boolean started;
    private boolean done;

    /** Keys in [from, to); null bounds are open. */
    TreeCursor(Tree tree, byte[] from, byte[] to) {
        this.tree = tree;
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        boolean positioned;
        if (!started) {
            started = true;
            positioned = seek(from, true);
        } else if (seenMod != tree.modCount) {
            positioned = seek(java.util.Arrays.copyOf(lastKey, lastKeyLength), false);
        } else {
            positioned = advance();
        }
        if (!positioned) {
            done = true;
            return false;
        }
        Node leaf = nodes[leafLevel];
        rememberKey(leaf.page, index[leafLevel]);
        if (to != null && Bytes.compare(lastKey, 0, lastKeyLength, to, 0, to.length) >= 0) {
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public byte[] key() {
        return java.util.Arrays.copyOf(lastKey, lastKeyLength);
    }

    @Override
    public byte keyByte(int i) {
        if (i >= lastKeyLength) {
            throw new IndexOutOfBoundsException("byte " + i + " of a key of " + lastKeyLength);
        }
        return lastKey[i];
    }

    @Override
    public byte[] value() {
        if (seenMod != tree.modCount) {
            return tree.get(key());
        }
        Node leaf = nodes[leafLevel];
        return tree.value(leaf.page, NodeCodec.cell(leaf.page, index[leafLevel]));
    }

    @Override
    public void readValue(ByteSink sink) {
        Node leaf = nodes[leafLevel];
        int cell = seenMod == tree.modCount ? NodeCodec.cell(leaf.page, index[leafLevel]) : -1;
        if (cell < 0 || NodeCodec.isOverflow(leaf.page, cell)) {
            Cursor.super.readValue(sink);
            return;
        }
        sink.accept(leaf.page, NodeCodec.valueOffset(leaf.page, cell), NodeCodec.valueLength(leaf.page, cell));
    }

    private void rememberKey(byte[] page, int i) {
        int cell = NodeCodec.cell(page, i);
        lastKeyLength = NodeCodec.keyLength(page, cell);
        if (lastKey.length < lastKeyLength) {
            lastKey = new byte[Math.max(lastKeyLength, lastKey.length * 2)];
        }
        System.arraycopy(page, NodeCodec.keyOffset(page, cell), lastKey, 0, lastKeyLength);
    }

    /** Positions at the first key >= key (or > key when not inclusive); null key = first entry. */
    private boolean seek(byte[] key, boolean inclusive) {
        seenMod = tree.modCount;
        if (tree.root == 0) {
            return false;
        }
        Node n = tree.pager.node(tree.root);
        int level = 0;
        while (!NodeCodec.isLeaf(n.page)) {
            int ci = key == null ? 0 : NodeCodec.childIndex(n.page, key);
            nodes[level] = n;
            index[level] = ci;
            n = tree.pager.node(NodeCodec.child(n.page, ci));
            level++;
        }
        nodes[level] = n;
        leafLevel = level;
        if (level > 0) {
            readAhead(index[level - 1] + 1);
        }
        int i;
        if (key == null) {
            i = 0;
        } else {
            i = NodeCodec.search(n.page, key);
            i = i >= 0 ? (inclusive ? i : i + 1) : -(i + 1);
        }
        index[level] = i;
        return i < NodeCodec.count(n.page) || nextLeaf();
    }

    /**
     * Before the scan steps into leaf {@code from} of its parent: if that leaf is not cached, reads
     * it and the parent's next leaves that the scan's range reaches, in as few calls as the pages'
     * places allow ({@link Pager#readAhead}), instead of one call per leaf as the scan gets there.
     */
    private void readAhead(int from) {
        byte[] parent = nodes[leafLevel - 1].page;
        int n = NodeCodec.count(parent);
        if (from > n || tree.pager.isCached(NodeCodec.child(parent, from))) {
            return;
        }
        int limit = tree.pager.readAheadLimit();
        if (readAheadIds.length < limit) {
            readAheadIds = new long[limit];
        }
        int count = 0;
        // Child j holds keys from separator j-1 on: past the scan's end once that separator is.
        for (int j = from; j <= n && count < limit; j++) {
            if (j > from && to != null && NodeCodec.compareKey(parent, j - 1, to) >= 0) {
                break;
            }
            readAheadIds[count++] = NodeCodec.child(parent, j);
        }
        if (count > 1) {
            tree.pager.readAhead(readAheadIds, count);
        }
    }

    private long[] readAheadIds = new long[0];

    private boolean advance() {
        index[leafLevel]++;
        return index[leafLevel] < NodeCodec.count(nodes[leafLevel].page) || nextLeaf();
    }

    /** Moves to the first entry of the next non-empty leaf. */
    private boolean nextLeaf() {
        int level = leafLevel - 1;
        while (level >= 0) {
            if (index[level] < NodeCodec.count(nodes[level].page)) {
                index[level]++;
                for (int l = level; l < leafLevel; l++) {
                    if (l + 1 == leafLevel) {
                        readAhead(index[l]);
                    }
                    Node child = tree.pager.node(NodeCodec.child(nodes[l].page, index[l]));
                    nodes[l + 1] = child;
                    index[l + 1] = 0;
                }
                if (NodeCodec.count(nodes[leafLevel].page) > 0) {
                    return true;
                }
                level = leafLevel - 1;
                continue;
            }
            level--;
        }
        return false;
    }
}
