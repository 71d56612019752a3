package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves live pages from the end of the page space into free pages below them, so that the
 * checkpoint that follows leaves a free tail, which it cuts off the page space (the file is then
 * truncated). Pages are moved the only way this engine changes a page: copy-on-write. A moved node
 * becomes dirty (its parents too, to point at it), a moved overflow value is read back into memory;
 * the checkpoint then places them, lowest first, on pages free in the durable header (crash
 * invariant 1), and their old pages join the pages freed since the durable header (invariant 2).
 * Nothing is written here, so a crash before that checkpoint's commit point loses nothing.
 *
 * <p>The plan is greedy, SQLite's incremental vacuum in spirit: the highest live page (or
 * overflow run) goes into the lowest free page (or run) below it, until the next one finds no
 * room below itself. Pages the checkpoint must place anyway (the dirty ones, their parents, the
 * free list's pages) get their places first, so moved pages do not push them past the end.
 */
final class Compaction {
    /** A live page or overflow run of the durable page space that may move. */
    private record Piece(long start, int count, long leaf) {
    }

    private final Pager pager;
    private final Tree tree;
    /** Clean tree nodes by page id, each with its parent's page id (0 for the root). */
    private final Map<Long, Long> parentOf = new HashMap<>();
    /** Clean overflow runs by first page id: the leaf (page or temporary id) that refers to it. */
    private final Map<Long, Piece> runs = new HashMap<>();
    private final Set<Long> moveNodes = new HashSet<>();
    private final Set<Long> moveRuns = new HashSet<>();
    /** Leaves (page or temporary ids) holding a run to move. */
    private final Set<Long> leavesWithRuns = new HashSet<>();
    private int leafLevel = -1;

    private Compaction(Pager pager, Tree tree) {
        this.pager = pager;
        this.tree = tree;
    }

    /**
     * Marks for moving every live page that has a free page below it (see the class comment) and
     * makes it dirty; returns the number of pages of the durable page space so vacated.
     */
    static long relocateTail(Pager pager, Tree tree) {
        if (tree.root == 0 || pager.availablePages() == 0) {
            return 0;
        }
        Compaction c = new Compaction(pager, tree);
        c.survey();
        long vacated = c.plan();
        if (vacated > 0) {
            tree.root = c.move(tree.root, 0);
            tree.modCount++;
        }
        return vacated;
    }

    // ---- survey: where the live pages are

    private void survey() {
        long live = pager.pageCount() - pager.firstPage - pager.availablePages() - pager.freeListPages().length;
        for (FreeSpace.Extent e : pager.pendingExtents()) {
            live -= e.count();
        }
        int level = 0;
        for (long id = tree.root; !NodeCodec.isLeaf(pager.node(id).page); id = NodeCodec.child(pager.node(id).page, 0)) {
            level++;
        }
        leafLevel = level;
        List<Long> leaves = new ArrayList<>();
        surveyBranches(tree.root, 0, 0, leaves);
        // What the tree's nodes do not account for is overflow runs: only then read the leaves.
        long unexplained = live - parentOf.size();
        for (int i = 0; i < leaves.size() && unexplained > 0; i++) {
            long leaf = leaves.get(i);
            byte[] p = pager.node(leaf).page;
            for (int j = 0, n = NodeCodec.count(p); j < n; j++) {
                int cell = NodeCodec.cell(p, j);
                if (NodeCodec.isOverflow(p, cell) && !Pager.isTemp(NodeCodec.overflowFirstPage(p, cell))) {
                    long first = NodeCodec.overflowFirstPage(p, cell);
                    int count = NodeCodec.overflowPageCount(p, cell);
                    runs.put(first, new Piece(first, count, leaf));
                    unexplained -= count;
                }
            }
        }
    }

    /** Records clean nodes under {@code id} with their parents; collects the leaves, clean or dirty. */
    private void surveyBranches(long id, long parent, int level, List<Long> leaves) {
        if (!Pager.isTemp(id)) {
            parentOf.put(id, parent);
        }
        if (level == leafLevel) {
            leaves.add(id);
            return;
        }
        byte[] p = pager.node(id).page;
        for (int i = 0, n = NodeCodec.count(p); i <= n; i++) {
            surveyBranches(NodeCodec.child(p, i), id, level + 1, leaves);
        }
    }

    // ---- plan: which pieces move

    private long plan() {
        FreeSpace pool = pager.availableCopy();
        // Places the checkpoint needs anyway: what is dirty now and the free list (two pages are
        // plenty for a free list that compaction shrinks).
        for (long i = pager.unplacedPages() + 2; i > 0; i--) {
            if (pool.takeOne() < 0) {
                return 0;
            }
        }
        List<Piece> pieces = new ArrayList<>(parentOf.size() + runs.size());
        for (long id : parentOf.keySet()) {
            pieces.add(new Piece(id, 1, 0));
        }
        pieces.addAll(runs.values());
        pieces.sort((a, b) -> Long.compare(b.start, a.start));
        Set<Long> dirtied = new HashSet<>();
        long vacated = 0;
        for (Piece piece : pieces) {
            if (pool.takeRunBelow(piece.count, piece.start) < 0) {
                break;
            }
            // The nodes above it are rewritten too, each on a place of its own.
            long ancestor = piece.leaf != 0 ? piece.leaf : parentOf.get(piece.start);
            boolean room = true;
            while (ancestor != 0 && !Pager.isTemp(ancestor) && dirtied.add(ancestor) && !moveNodes.contains(ancestor)) {
                if (pool.takeOne() < 0) {
                    room = false;
                    break;
                }
                ancestor = parentOf.get(ancestor);
            }
            if (!room) {
                break;
            }
            if (piece.leaf != 0) {
                moveRuns.add(piece.start);
                leavesWithRuns.add(piece.leaf);
            } else {
                moveNodes.add(piece.start);
            }
            dirtied.add(piece.start);
            vacated += piece.count;
        }
        return vacated;
    }

    // ---- move: copy-on-write along the paths to the moved pieces

    /** Returns the (possibly new, temporary) id of the subtree at {@code id}. */
    private long move(long id, int level) {
        if (level == leafLevel) {
            if (!moveNodes.contains(id) && !leavesWithRuns.contains(id)) {
                return id;
            }
            Node leaf = pager.writable(pager.node(id));
            if (leavesWithRuns.contains(id)) {
                moveRunsOf(leaf.page);
            }
            return leaf.id;
        }
        Node node = pager.node(id);
        for (int i = 0, n = NodeCodec.count(node.page); i <= n; i++) {
            long child = NodeCodec.child(node.page, i);
            long moved = move(child, level + 1);
            if (moved != child) {
                node = pager.writable(node);
                NodeCodec.setChild(node.page, i, moved);
            }
        }
        if (moveNodes.contains(id)) {
            node = pager.writable(node);
        }
        return node.id;
    }

    private void moveRunsOf(byte[] p) {
        for (int j = 0, n = NodeCodec.count(p); j < n; j++) {
            int cell = NodeCodec.cell(p, j);
            if (!NodeCodec.isOverflow(p, cell) || !moveRuns.contains(NodeCodec.overflowFirstPage(p, cell))) {
                continue;
            }
            long first = NodeCodec.overflowFirstPage(p, cell);
            int count = NodeCodec.overflowPageCount(p, cell);
            byte[] value = pager.readOverflow(first, count, NodeCodec.valueLength(p, cell));
            pager.freeOverflow(first, count);
            NodeCodec.setOverflowFirstPage(p, cell, pager.putOverflow(value));
        }
    }
}
