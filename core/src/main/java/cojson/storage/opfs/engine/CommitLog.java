package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The commit log: one frame per committed batch, appended after the page space (frame layout and
 * validity rule in {@link Format}). In durable mode a frame is written and flushed by
 * {@link #appendDurable}; in relaxed mode {@link #appendRelaxed} collects frames in memory until
 * {@link #writePending} and a flush. After every flush that made frames durable, the log writes
 * its watermark ({@link #markAcknowledged}).
 */
final class CommitLog {
    private final BlockFile file;
    /** Byte offset of the first frame. */
    long start;
    /** Byte offset after the last frame handed to the file. */
    long end;
    int salt;
    long nextSeq;
    /** The generation of the header this log belongs to (its watermarks name it). */
    private long generation;
    /** The chained checksum of the last frame (the salt before the first). */
    private int chain;
    /** The sequence number after the last frame handed to the file. */
    private long writtenSeqEnd;
    /** The watermark copy the next {@link #markAcknowledged} writes (crash invariant 8). */
    private int watermarkCopy;
    /** The sequence end of the last watermark written, so a flush with no new frame writes none. */
    private long markedSeqEnd;
    /** Set by {@link #replay}: where the frame with sequence {@code ackSeqEnd} starts, or -1 if not reached. */
    long ackedByteEnd = -1;

    private byte[] frame = new byte[256];
    private int frameLength;
    /** Relaxed mode: frames built but not yet written. */
    private byte[] pending = new byte[0];
    private int pendingLength;
    private ByteBuffer io = ByteBuffer.allocateDirect(0);

    CommitLog(BlockFile file) {
        this.file = file;
    }

    /** Starts the empty log of header {@code h} (after a checkpoint, or at open before replay). */
    void reset(Header h) {
        this.start = h.logStart;
        this.end = h.logStart;
        this.salt = h.logSalt;
        this.nextSeq = h.logFirstSeq;
        this.generation = h.generation;
        this.chain = h.logSalt;
        this.pendingLength = 0;
        this.writtenSeqEnd = h.logFirstSeq;
        this.markedSeqEnd = h.logFirstSeq;
    }

    /**
     * The same log under a rewritten header of generation {@code newGeneration} (a format
     * upgrade: same salt, start and frames): later watermarks name the new generation.
     */
    void headerRewritten(long newGeneration) {
        this.generation = newGeneration;
    }

    /** Continues writing watermarks at {@code copy} (the one not holding the best valid copy). */
    void nextWatermarkCopy(int copy) {
        this.watermarkCopy = copy;
    }

    long bytes() {
        return end - start + pendingLength;
    }

    long pendingBytes() {
        return pendingLength;
    }

    // ---- building a frame

    /** Encodes a batch (the value {@code tombstone}, compared by identity, deletes) as the next frame; returns its size. */
    int encode(Map<byte[], byte[]> writes, byte[] tombstone) {
        int size = FRAME_HEADER_BYTES;
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            byte[] k = e.getKey();
            byte[] v = e.getValue();
            size += 1 + Bits.varintSize(k.length) + k.length;
            if (v != tombstone) {
                size += Bits.varintSize(v.length) + v.length;
            }
        }
        if (frame.length < size) {
            frame = new byte[Math.max(size, frame.length * 2)];
        }
        int at = FRAME_HEADER_BYTES;
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            byte[] k = e.getKey();
            byte[] v = e.getValue();
            frame[at++] = v == tombstone ? RECORD_DELETE : RECORD_PUT;
            at = Bits.putVarint(frame, at, k.length);
            System.arraycopy(k, 0, frame, at, k.length);
            at += k.length;
            if (v != tombstone) {
                at = Bits.putVarint(frame, at, v.length);
                System.arraycopy(v, 0, frame, at, v.length);
                at += v.length;
            }
        }
        Bits.putI32(frame, FRAME_LENGTH, size - FRAME_HEADER_BYTES);
        Bits.putI32(frame, FRAME_SALT, salt);
        Bits.putI64(frame, FRAME_SEQ, nextSeq);
        int crc = Checksum.of(frame, 0, FRAME_CHECKSUM, chain);
        crc = Checksum.of(frame, FRAME_HEADER_BYTES, size - FRAME_HEADER_BYTES, crc);
        Bits.putI32(frame, FRAME_CHECKSUM, crc);
        frameLength = size;
        return size;
    }

    /** Durable: writes the encoded frame and flushes (one write call, one flush). */
    void appendDurable() {
        ByteBuffer buf = direct(frameLength);
        buf.put(frame, 0, frameLength);
        buf.flip();
        file.write(end, buf);
        file.flush();
        end += frameLength;
        advanceChain();
        writtenSeqEnd = nextSeq;
        markAcknowledged();
    }

    /** Relaxed: keeps the encoded frame in memory for the next {@link #writePending}. */
    void appendRelaxed() {
        if (pending.length < pendingLength + frameLength) {
            byte[] grown = new byte[Math.max(pendingLength + frameLength, pending.length * 2)];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(frame, 0, pending, pendingLength, frameLength);
        pendingLength += frameLength;
        advanceChain();
    }

    /** Writes the relaxed frames held in memory, in one call (the caller flushes). */
    void writePending() {
        if (pendingLength == 0) {
            return;
        }
        ByteBuffer buf = direct(pendingLength);
        buf.put(pending, 0, pendingLength);
        buf.flip();
        file.write(end, buf);
        end += pendingLength;
        pendingLength = 0;
        writtenSeqEnd = nextSeq;
    }

    /**
     * Records, after a flush that made every frame handed to the file durable, that they were
     * acknowledged: writes the watermark {@code (generation, salt, writtenSeqEnd, end)} into one
     * copy, and no flush (the next one makes it durable). One write call, none when no frame was
     * written since the last watermark. A failed write fails nothing: the flush already made the
     * frames durable, the watermark only lets a later open prove damage to them; the next flush
     * writes the same copy again, so the other keeps the last durable record (crash invariant 8).
     */
    void markAcknowledged() {
        if (writtenSeqEnd == markedSeqEnd || end == start) {
            return;
        }
        byte[] b = new LogWatermark(generation, salt, writtenSeqEnd, end).encode();
        ByteBuffer buf = direct(b.length);
        buf.put(b);
        buf.flip();
        try {
            file.write(Format.watermarkOffset(watermarkCopy), buf);
        } catch (cojson.storage.opfs.StoreException e) {
            return;
        }
        markedSeqEnd = writtenSeqEnd;
        watermarkCopy = 1 - watermarkCopy;
    }

    /**
     * Takes over the relaxed frames {@code from} holds in memory (not yet written), after this log
     * was rebuilt from the file by {@link #replay}: frames the file already had are skipped, frames
     * from sequence {@code beforeSeq} on are dropped, and each frame kept must continue this log's
     * salt, sequence and checksum chain (it does: it was built on the same frames) before
     * {@code sink} gets its records and it joins this log's pending frames.
     */
    void carryPending(CommitLog from, long beforeSeq, Sink sink) {
        int at = 0;
        while (at + FRAME_HEADER_BYTES <= from.pendingLength) {
            int length = Bits.i32(from.pending, at + FRAME_LENGTH);
            long seq = Bits.i64(from.pending, at + FRAME_SEQ);
            int size = FRAME_HEADER_BYTES + length;
            if (seq >= beforeSeq) {
                return;
            }
            if (seq >= nextSeq) {
                int crc = Checksum.of(from.pending, at, FRAME_CHECKSUM, chain);
                crc = Checksum.of(from.pending, at + FRAME_HEADER_BYTES, length, crc);
                if (seq != nextSeq || Bits.i32(from.pending, at + FRAME_SALT) != salt
                        || crc != Bits.i32(from.pending, at + FRAME_CHECKSUM)) {
                    throw new IllegalStateException("relaxed frame " + seq + " does not continue the log at "
                            + nextSeq + " rebuilt from the file");
                }
                byte[] payload = new byte[length];
                System.arraycopy(from.pending, at + FRAME_HEADER_BYTES, payload, 0, length);
                apply(payload, sink);
                frameLength = size;
                if (frame.length < size) {
                    frame = new byte[size];
                }
                System.arraycopy(from.pending, at, frame, 0, size);
                appendRelaxed();
            }
            at += size;
        }
    }

    /** Drops relaxed frames not yet written: a checkpoint has made their effects durable. */
    void dropPending() {
        pendingLength = 0;
    }

    private void advanceChain() {
        chain = Bits.i32(frame, FRAME_CHECKSUM);
        nextSeq++;
    }

    private ByteBuffer direct(int bytes) {
        if (io.capacity() < bytes) {
            io = ByteBuffer.allocateDirect(Math.max(bytes, Math.min(io.capacity() * 2, 1 << 20)));
        }
        io.clear();
        io.limit(bytes);
        return io;
    }

    // ---- recovery

    /** Receives the records of each valid frame during {@link #replay}. */
    interface Sink {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    /**
     * Replays every valid frame from {@link #start} (after {@link #reset}) into {@code sink}; leaves
     * {@link #end}, the sequence and the chain after the last valid frame, and
     * {@link #ackedByteEnd} where the frame numbered {@code ackSeqEnd} starts (-1 if replay
     * stopped before it). Returns the frame count.
     */
    long replay(Sink sink, long ackSeqEnd) {
        ackedByteEnd = nextSeq == ackSeqEnd ? start : -1;
        long fileSize = file.size();
        long at = start;
        long frames = 0;
        byte[] head = new byte[FRAME_HEADER_BYTES];
        LogReader reader = new LogReader(file, fileSize);
        while (at + FRAME_HEADER_BYTES <= fileSize) {
            reader.read(at, head, 0, FRAME_HEADER_BYTES);
            long length = Bits.i32(head, FRAME_LENGTH) & 0xFFFFFFFFL;
            if (Bits.i32(head, FRAME_SALT) != salt || Bits.i64(head, FRAME_SEQ) != nextSeq
                    || length > fileSize - at - FRAME_HEADER_BYTES) {
                break;
            }
            byte[] payload = new byte[(int) length];
            reader.read(at + FRAME_HEADER_BYTES, payload, 0, payload.length);
            int crc = Checksum.of(head, 0, FRAME_CHECKSUM, chain);
            crc = Checksum.of(payload, 0, payload.length, crc);
            if (crc != Bits.i32(head, FRAME_CHECKSUM) || !wellFormed(payload)) {
                break;
            }
            apply(payload, sink);
            chain = crc;
            nextSeq++;
            at += FRAME_HEADER_BYTES + length;
            frames++;
            if (nextSeq == ackSeqEnd) {
                ackedByteEnd = at;
            }
        }
        end = at;
        writtenSeqEnd = nextSeq;
        return frames;
    }

    /** A frame whose checksum matched is still parsed defensively before anything is applied. */
    private static boolean wellFormed(byte[] p) {
        Records r = new Records(p);
        while (r.hasNext()) {
            byte kind = r.kind();
            if (kind != RECORD_PUT && kind != RECORD_DELETE) {
                return false;
            }
            int keyLength = r.length(MAX_KEY_BYTES);
            if (keyLength < 0 || !r.skip(keyLength)) {
                return false;
            }
            if (kind == RECORD_PUT) {
                int valueLength = r.length(Integer.MAX_VALUE);
                if (valueLength < 0 || !r.skip(valueLength)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Hands the records of a well-formed payload to {@code sink}. */
    private static void apply(byte[] p, Sink sink) {
        Records r = new Records(p);
        while (r.hasNext()) {
            byte kind = r.kind();
            byte[] key = r.bytes(r.length(MAX_KEY_BYTES));
            if (kind == RECORD_PUT) {
                sink.put(key, r.bytes(r.length(Integer.MAX_VALUE)));
            } else {
                sink.delete(key);
            }
        }
    }

    /** A frame's chained checksum: its header bytes [0, FRAME_CHECKSUM) seeded with {@code chain}, then its payload. */
    static int frameChecksum(byte[] head, byte[] payload, int chain) {
        return Checksum.of(payload, 0, payload.length, Checksum.of(head, 0, FRAME_CHECKSUM, chain));
    }

    /** True when {@code payload} parses as records (a frame whose checksum matched is still checked). */
    static boolean wellFormedPayload(byte[] payload) {
        return wellFormed(payload);
    }

    /** Reads a payload's records in order: {@code kind(1) length(varint) bytes ...}. */
    static final class Records {
        private final byte[] p;
        private int at;

        Records(byte[] p) {
            this.p = p;
        }

        boolean hasNext() {
            return at < p.length;
        }

        byte kind() {
            return p[at++];
        }

        /** A varint length of at most {@code max}; -1 if malformed or larger. */
        int length(int max) {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (at >= p.length) {
                    return -1;
                }
                int b = p[at++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v > max ? -1 : (int) v;
                }
            }
            return -1;
        }

        /** Skips {@code n} bytes; false if fewer remain. */
        boolean skip(int n) {
            if (n > p.length - at) {
                return false;
            }
            at += n;
            return true;
        }

        byte[] bytes(int n) {
            byte[] out = new byte[n];
            System.arraycopy(p, at, out, 0, n);
            at += n;
            return out;
        }
    }
}
