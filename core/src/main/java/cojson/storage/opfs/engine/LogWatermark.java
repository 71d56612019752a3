package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

/**
 * Where the acknowledged frames of a log end (layout and validity rule in {@link Format}): every
 * frame with a sequence number below {@code seqEnd} was acknowledged, and the frame numbered
 * {@code seqEnd} starts at {@code byteEnd}. It belongs to the log of the header with its
 * {@code generation} and {@code salt}.
 */
record LogWatermark(long generation, int salt, long seqEnd, long byteEnd) {

    byte[] encode() {
        byte[] b = new byte[WATERMARK_BYTES];
        Bits.putI64(b, OFFSET_WM_MAGIC, WATERMARK_MAGIC);
        Bits.putI64(b, OFFSET_WM_GENERATION, generation);
        Bits.putI32(b, OFFSET_WM_SALT, salt);
        Bits.putI64(b, OFFSET_WM_SEQ_END, seqEnd);
        Bits.putI64(b, OFFSET_WM_BYTE_END, byteEnd);
        Bits.putI32(b, OFFSET_WM_CHECKSUM, Checksum.of(b, 0, OFFSET_WM_CHECKSUM, 0));
        return b;
    }

    /** The copy at {@code at} of {@code b}, or null when it is not a whole, checksummed watermark. */
    static LogWatermark decode(byte[] b, int at) {
        if (b.length < at + WATERMARK_BYTES || Bits.i64(b, at + OFFSET_WM_MAGIC) != WATERMARK_MAGIC
                || Bits.i32(b, at + OFFSET_WM_CHECKSUM) != Checksum.of(b, at, OFFSET_WM_CHECKSUM, 0)) {
            return null;
        }
        return new LogWatermark(Bits.i64(b, at + OFFSET_WM_GENERATION), Bits.i32(b, at + OFFSET_WM_SALT),
                Bits.i64(b, at + OFFSET_WM_SEQ_END), Bits.i64(b, at + OFFSET_WM_BYTE_END));
    }

    /** True when this describes the log of {@code h} (a watermark of an older log is stale). */
    boolean belongsTo(Header h) {
        return generation == h.generation && salt == h.logSalt && seqEnd >= h.logFirstSeq && byteEnd >= h.logStart;
    }
}
