package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;

/**
 * The header area: its two header slots (read and chosen at open, the mirrored write of each
 * checkpoint, creation) and the two log watermark copies beside them (layout in {@link Format}).
 * Open reads the whole area in one call.
 */
final class HeaderSlots {
    private final BlockFile file;
    /** The durable header, or null for a file that holds no store yet. */
    Header durable;
    /** Whether each slot holds {@link #durable} (written, if not yet flushed: invariant 3). */
    private final boolean[] current = new boolean[2];
    /** The watermark copies as read at open (null where not valid); see {@link #watermarkOf}. */
    private final LogWatermark[] watermarks = new LogWatermark[2];

    private HeaderSlots(BlockFile file) {
        this.file = file;
    }

    static HeaderSlots read(BlockFile file) {
        HeaderSlots s = new HeaderSlots(file);
        long size = file.size();
        byte[] area = readArea(file, size);
        Header[] h = new Header[2];
        for (int slot = 0; slot < 2; slot++) {
            h[slot] = Header.decode(area, (int) headerSlotOffset(slot), slot);
            s.watermarks[slot] = LogWatermark.decode(area, (int) watermarkOffset(slot));
        }
        if (h[0] == null && h[1] == null) {
            // Only an empty file, or a creation a crash cut short (invariant 7), is a new store.
            // Any other file without a valid header is a store cut short or overwritten: opening
            // it empty would silently drop its data.
            if (size == 0 || cutShortCreation(area, size)) {
                return s;
            }
            throw StoreException.corrupt("neither header slot is valid in a file of " + size
                    + " bytes: the store was cut short or overwritten; salvage what is intact or delete the file");
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

    /** The header area's bytes (zero past the end of a short file), in one read call. */
    static byte[] readArea(BlockFile file, long size) {
        byte[] area = new byte[HEADER_AREA_BYTES];
        int want = (int) Math.min(size, HEADER_AREA_BYTES);
        if (want > 0) {
            ByteBuffer buf = ByteBuffer.allocateDirect(want);
            int n = file.read(0, buf);
            buf.flip();
            buf.get(area, 0, n);
        }
        return area;
    }

    /**
     * True for what a crash during creation leaves (crash invariant 7): no longer than slot 1's
     * end, and the first 4 KiB zero, because creation writes slot 0 only after slot 1 is durable.
     */
    static boolean cutShortCreation(byte[] area, long size) {
        if (size > CREATION_BYTES) {
            return false;
        }
        int end = (int) Math.min(size, HEADER_SLOT_BYTES);
        for (int i = 0; i < end; i++) {
            if (area[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The best valid watermark copy of {@code h}'s log (the one claiming the most), or null; and
     * which copy holds it, so the next write goes to the other.
     */
    LogWatermark watermarkOf(Header h) {
        int copy = bestWatermarkCopy(h);
        return copy < 0 ? null : watermarks[copy];
    }

    /** The copy {@link #watermarkOf} returns, or -1. */
    int bestWatermarkCopy(Header h) {
        int best = -1;
        for (int copy = 0; copy < 2; copy++) {
            LogWatermark w = watermarks[copy];
            if (w != null && w.belongsTo(h) && (best < 0 || w.seqEnd() > watermarks[best].seqEnd())) {
                best = copy;
            }
        }
        return best;
    }

    /**
     * Creates a store (crash invariant 7): slot 1, a flush, then slot 0 and a flush. Until slot 0
     * is written the file's first 4 KiB stay zero, which marks a creation a crash cut short.
     */
    void create(Header h) {
        writeSlot(1, h);
        file.flush();
        writeSlot(0, h);
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
        file.write(headerSlotOffset(slot), buf);
    }
}
