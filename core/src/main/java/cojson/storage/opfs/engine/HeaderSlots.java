package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;

/**
 * The two header slots: reading and choosing at open, and the mirrored write at each checkpoint
 * (the slot that does not hold the durable header first, a flush, then the other slot).
 */
final class HeaderSlots {
    private final BlockFile file;
    /** The durable header, or null for a file that holds no store yet. */
    Header durable;
    /** Whether each slot holds {@link #durable} (written, if not yet flushed: invariant 3). */
    private final boolean[] current = new boolean[2];

    private HeaderSlots(BlockFile file) {
        this.file = file;
    }

    static HeaderSlots read(BlockFile file) {
        HeaderSlots s = new HeaderSlots(file);
        long size = file.size();
        Header[] h = new Header[2];
        for (int slot = 0; slot < 2; slot++) {
            byte[] b = new byte[HEADER_BYTES];
            ByteBuffer buf = ByteBuffer.allocateDirect(HEADER_BYTES);
            int n = file.read((long) slot * HEADER_SLOT_BYTES, buf);
            if (n == HEADER_BYTES) {
                buf.flip();
                buf.get(b);
                h[slot] = Header.decode(b, slot);
            }
        }
        if (h[0] == null && h[1] == null) {
            // Only a zero-length file is a new store. Any other file without a valid header is a
            // store cut short or overwritten (opening it empty would silently drop its data), or a
            // creation that crashed before its first flush returned, which nobody was told succeeded.
            if (size > 0) {
                throw StoreException.corrupt("neither header slot is valid in a file of " + size
                        + " bytes: the store was cut short or overwritten; salvage what is intact or delete the file");
            }
            return s;
        }
        Header chosen = h[1] == null || (h[0] != null && h[0].generation >= h[1].generation) ? h[0] : h[1];
        if (h[0] != null && h[1] != null && h[0].generation == h[1].generation && !h[0].sameAs(h[1])) {
            throw StoreException.corrupt("both header slots claim generation " + h[0].generation + " but differ");
        }
        s.durable = chosen;
        s.current[0] = chosen.sameAs(h[0]);
        s.current[1] = chosen.sameAs(h[1]);
        return s;
    }

    /** Creates a store: both slots, then one flush. */
    void create(Header h) {
        writeSlot(0, h);
        writeSlot(1, h);
        file.flush();
        durable = h;
        current[0] = true;
        current[1] = true;
    }

    /**
     * Makes {@code next} the durable header. The caller has flushed everything {@code next} refers to.
     * Writes the slot that does not hold the durable header (or slot 0), flushes: the commit point.
     * Then writes the other slot, made durable by the next flush, which precedes any later header write.
     */
    void commit(Header next) {
        int first = !current[0] ? 0 : (!current[1] ? 1 : 0);
        writeSlot(first, next);
        file.flush();
        writeSlot(1 - first, next);
        durable = next;
        current[0] = true;
        current[1] = true;
    }

    private void writeSlot(int slot, Header h) {
        byte[] b = h.encode();
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length);
        buf.put(b);
        buf.flip();
        file.write((long) slot * HEADER_SLOT_BYTES, buf);
    }
}
