package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

/**
 * Slotted leaf and branch pages (layout in {@link Format}): search, cell access, insertion,
 * removal and compaction, all in place over the page's bytes.
 */
final class NodeCodec {
    private NodeCodec() {
    }

    static void init(byte[] p, byte type) {
        java.util.Arrays.fill(p, 0, NODE_HEADER_BYTES, (byte) 0);
        p[OFFSET_PAGE_TYPE] = type;
        Bits.putI32(p, OFFSET_CONTENT_START, p.length);
    }

    static boolean isLeaf(byte[] p) {
        return p[OFFSET_PAGE_TYPE] == TYPE_LEAF;
    }

    static int count(byte[] p) {
        return Bits.u16(p, OFFSET_COUNT);
    }

    static int cell(byte[] p, int i) {
        return Bits.u16(p, NODE_HEADER_BYTES + SLOT_BYTES * i);
    }

    static int contentStart(byte[] p) {
        return Bits.i32(p, OFFSET_CONTENT_START);
    }

    static int fragmented(byte[] p) {
        return Bits.i32(p, OFFSET_FRAGMENTED);
    }

    // ---- keys

    static int keyOffset(byte[] p, int cell) {
        return isLeaf(p) ? cell + LEAF_CELL_KEY : cell + BRANCH_CELL_KEY;
    }

    static int keyLength(byte[] p, int cell) {
        return Bits.u16(p, isLeaf(p) ? cell + LEAF_CELL_KEY_LENGTH : cell + BRANCH_CELL_KEY_LENGTH);
    }

    static byte[] key(byte[] p, int i) {
        int c = cell(p, i);
        int off = keyOffset(p, c);
        byte[] k = new byte[keyLength(p, c)];
        System.arraycopy(p, off, k, 0, k.length);
        return k;
    }

    static int compareKey(byte[] p, int i, byte[] key) {
        int c = cell(p, i);
        return Bytes.compare(p, keyOffset(p, c), keyLength(p, c), key, 0, key.length);
    }

    /** Index of {@code key} if present, else {@code -(insertionPoint + 1)}. */
    static int search(byte[] p, byte[] key) {
        int lo = 0;
        int hi = count(p) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = compareKey(p, mid, key);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** In a branch: the index of the child whose range holds {@code key} (count = rightmost). */
    static int childIndex(byte[] p, byte[] key) {
        int i = search(p, key);
        return i >= 0 ? i + 1 : -(i + 1);
    }

    // ---- leaf cells

    static boolean isOverflow(byte[] p, int cell) {
        return p[cell + LEAF_CELL_KIND] == CELL_OVERFLOW;
    }

    static int valueLength(byte[] p, int cell) {
        return Bits.i32(p, cell + LEAF_CELL_VALUE_LENGTH);
    }

    static int valueOffset(byte[] p, int cell) {
        return cell + LEAF_CELL_KEY + Bits.u16(p, cell + LEAF_CELL_KEY_LENGTH);
    }

    static long overflowFirstPage(byte[] p, int cell) {
        return Bits.i64(p, valueOffset(p, cell) + OVERFLOW_REF_FIRST_PAGE);
    }

    static void setOverflowFirstPage(byte[] p, int cell, long pageId) {
        Bits.putI64(p, valueOffset(p, cell) + OVERFLOW_REF_FIRST_PAGE, pageId);
    }

    static int overflowPageCount(byte[] p, int cell) {
        return Bits.i32(p, valueOffset(p, cell) + OVERFLOW_REF_PAGE_COUNT);
    }

    static int leafCellSize(int keyLength, int storedValueBytes) {
        return LEAF_CELL_KEY + keyLength + storedValueBytes;
    }

    /** Builds a leaf cell in {@code out} at 0; returns its size. {@code value} is null for an overflow cell. */
    static int buildLeafCell(byte[] out, byte[] key, byte[] value, int valueLength, long overflowPage, int overflowCount) {
        out[LEAF_CELL_KIND] = value != null ? CELL_INLINE : CELL_OVERFLOW;
        Bits.putU16(out, LEAF_CELL_KEY_LENGTH, key.length);
        Bits.putI32(out, LEAF_CELL_VALUE_LENGTH, valueLength);
        System.arraycopy(key, 0, out, LEAF_CELL_KEY, key.length);
        int at = LEAF_CELL_KEY + key.length;
        if (value != null) {
            System.arraycopy(value, 0, out, at, value.length);
            return at + value.length;
        }
        Bits.putI64(out, at + OVERFLOW_REF_FIRST_PAGE, overflowPage);
        Bits.putI32(out, at + OVERFLOW_REF_PAGE_COUNT, overflowCount);
        return at + OVERFLOW_REF_BYTES;
    }

    // ---- branch cells

    static long child(byte[] p, int i) {
        return i == count(p) ? Bits.i64(p, OFFSET_RIGHTMOST) : Bits.i64(p, cell(p, i) + BRANCH_CELL_CHILD);
    }

    static void setChild(byte[] p, int i, long pageId) {
        if (i == count(p)) {
            Bits.putI64(p, OFFSET_RIGHTMOST, pageId);
        } else {
            Bits.putI64(p, cell(p, i) + BRANCH_CELL_CHILD, pageId);
        }
    }

    static int buildBranchCell(byte[] out, long child, byte[] key, int keyOffset, int keyLength) {
        Bits.putI64(out, BRANCH_CELL_CHILD, child);
        Bits.putU16(out, BRANCH_CELL_KEY_LENGTH, keyLength);
        System.arraycopy(key, keyOffset, out, BRANCH_CELL_KEY, keyLength);
        return BRANCH_CELL_KEY + keyLength;
    }

    // ---- sizes and mutation

    static int cellSize(byte[] p, int cell) {
        if (!isLeaf(p)) {
            return BRANCH_CELL_KEY + Bits.u16(p, cell + BRANCH_CELL_KEY_LENGTH);
        }
        int stored = isOverflow(p, cell) ? OVERFLOW_REF_BYTES : valueLength(p, cell);
        return LEAF_CELL_KEY + Bits.u16(p, cell + LEAF_CELL_KEY_LENGTH) + stored;
    }

    static int gap(byte[] p) {
        return contentStart(p) - (NODE_HEADER_BYTES + SLOT_BYTES * count(p));
    }

    /** Bytes taken by cells and slots. */
    static int usedBytes(byte[] p) {
        return p.length - NODE_HEADER_BYTES - gap(p) - fragmented(p);
    }

    static int capacity(byte[] p) {
        return p.length - NODE_HEADER_BYTES;
    }

    /** Inserts a cell at slot {@code index}; false (page unchanged) if it cannot fit even after compaction. */
    static boolean insert(byte[] p, int index, byte[] src, int srcOffset, int length, byte[] scratch) {
        int need = length + SLOT_BYTES;
        if (gap(p) < need) {
            if (gap(p) + fragmented(p) < need) {
                return false;
            }
            compact(p, scratch);
        }
        int n = count(p);
        int at = contentStart(p) - length;
        System.arraycopy(src, srcOffset, p, at, length);
        int slots = NODE_HEADER_BYTES + SLOT_BYTES * index;
        System.arraycopy(p, slots, p, slots + SLOT_BYTES, SLOT_BYTES * (n - index));
        Bits.putU16(p, slots, at);
        Bits.putI32(p, OFFSET_CONTENT_START, at);
        Bits.putU16(p, OFFSET_COUNT, n + 1);
        return true;
    }

    static void remove(byte[] p, int index) {
        int n = count(p);
        int c = cell(p, index);
        int size = cellSize(p, c);
        if (c == contentStart(p)) {
            Bits.putI32(p, OFFSET_CONTENT_START, c + size);
        } else {
            Bits.putI32(p, OFFSET_FRAGMENTED, fragmented(p) + size);
        }
        int slots = NODE_HEADER_BYTES + SLOT_BYTES * index;
        System.arraycopy(p, slots + SLOT_BYTES, p, slots, SLOT_BYTES * (n - index - 1));
        Bits.putU16(p, OFFSET_COUNT, n - 1);
    }

    /** Rewrites the cells back to back at the page's end, removing holes. */
    static void compact(byte[] p, byte[] scratch) {
        System.arraycopy(p, 0, scratch, 0, p.length);
        int n = count(p);
        int at = p.length;
        for (int i = 0; i < n; i++) {
            int c = cell(scratch, i);
            int size = cellSize(scratch, c);
            at -= size;
            System.arraycopy(scratch, c, p, at, size);
            Bits.putU16(p, NODE_HEADER_BYTES + SLOT_BYTES * i, at);
        }
        Bits.putI32(p, OFFSET_CONTENT_START, at);
        Bits.putI32(p, OFFSET_FRAGMENTED, 0);
    }

    /**
     * Appends cell {@code i} of {@code from} as the last cell of {@code to} (which must have room:
     * callers size the split or merge first).
     */
    static void appendFrom(byte[] to, byte[] from, int i) {
        int c = cell(from, i);
        appendRaw(to, from, c, cellSize(from, c));
    }

    static void appendRaw(byte[] to, byte[] src, int srcOffset, int size) {
        int n = count(to);
        int at = contentStart(to) - size;
        System.arraycopy(src, srcOffset, to, at, size);
        Bits.putU16(to, NODE_HEADER_BYTES + SLOT_BYTES * n, at);
        Bits.putI32(to, OFFSET_CONTENT_START, at);
        Bits.putU16(to, OFFSET_COUNT, n + 1);
    }

    static long rightmost(byte[] p) {
        return Bits.i64(p, OFFSET_RIGHTMOST);
    }

    static void setRightmost(byte[] p, long id) {
        Bits.putI64(p, OFFSET_RIGHTMOST, id);
    }
}
