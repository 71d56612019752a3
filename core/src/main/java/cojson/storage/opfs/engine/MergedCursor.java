package cojson.storage.opfs.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A batch's view: its pending writes merged over the tree, pending first on equal keys. */
final class MergedCursor implements Cursor {
    private final Cursor tree;
    private final Iterator<Map.Entry<byte[], byte[]>> pending;
    private final byte[] tombstone;
    private byte[] treeKey;
    private Map.Entry<byte[], byte[]> pendingEntry;
    private boolean treeDone;
    private byte[] key;
    private byte[] value;
    private boolean valueFromTree;

    MergedCursor(Cursor tree, TreeMap<byte[], byte[]> writes, byte[] from, byte[] to, byte[] tombstone) {
        this.tree = tree;
        this.tombstone = tombstone;
        NavigableMap<byte[], byte[]> view = writes;
        if (from != null) {
            view = view.tailMap(from, true);
        }
        if (to != null) {
            view = from != null && Bytes.compare(from, to) >= 0 ? new TreeMap<>(Bytes::compare) : view.headMap(to, false);
        }
        // A snapshot, so the batch may keep writing while this cursor is open.
        this.pending = new TreeMap<>(view).entrySet().iterator();
        advanceTree();
        advancePending();
    }

    @Override
    public boolean next() {
        while (true) {
            if (pendingEntry == null && treeDone) {
                return false;
            }
            int cmp = pendingEntry == null ? 1 : treeDone ? -1 : Bytes.compare(pendingEntry.getKey(), treeKey);
            if (cmp <= 0) {
                Map.Entry<byte[], byte[]> e = pendingEntry;
                advancePending();
                if (cmp == 0) {
                    advanceTree();
                }
                if (e.getValue() == tombstone) {
                    continue;
                }
                key = e.getKey();
                value = e.getValue();
                valueFromTree = false;
                return true;
            }
            key = treeKey;
            valueFromTree = true;
            value = tree.value();
            advanceTree();
            return true;
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return valueFromTree ? value : value.clone();
    }

    private void advanceTree() {
        if (!treeDone && tree.next()) {
            treeKey = tree.key();
        } else {
            treeDone = true;
        }
    }

    private void advancePending() {
        pendingEntry = pending.hasNext() ? pending.next() : null;
    }
}
