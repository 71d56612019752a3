package cojson.storage.opfs.io;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A file that behaves like a disk behind an operating system's page cache, for crash and
 * I/O-error tests. Plain Java (no threads, no reflection) so the same tests can run on TeaVM.
 *
 * <p>It keeps two images: the <em>durable</em> image (what survives a power loss) and the
 * <em>current</em> image (what reads see: the durable image with every pending call applied).
 * Writes and truncates stay pending until {@link #flush()} applies them, in order, to the
 * durable image.
 *
 * <p>Every {@code write}, {@code truncate} and {@code flush} is a numbered call (from 0), counted
 * and, when {@link #recordTrace(boolean) recording}, kept with a copy of its bytes, so a crash
 * test can run a workload once and rebuild the file as it stood at any call by feeding the
 * trace to a fresh file ({@link #apply(Call)}), instead of rerunning the workload per cut.
 *
 * <p>Faults:
 * <ul>
 *   <li>{@link #crashAtCall(long)}: call {@code k} is cut by a power loss. From then on every
 *       call throws {@code IO}. {@link #crashImage(long)} then builds what a reboot would find:
 *       the durable image plus a seeded random subset of the pending calls (the cut call
 *       included), applied in random order, some writes torn (only a prefix reaches the file),
 *       garbled (random bytes in place of part of the write), or, past the old end of the file,
 *       zeros (the size grew but the data never arrived).</li>
 *   <li>{@link #failCall(long, ErrorCode)}: call {@code k} fails with {@code IO} or {@code QUOTA}
 *       and has no effect; the file stays usable (an I/O error, not a power loss).</li>
 *   <li>{@link #failReads(int)}: the next reads fail with {@code IO}, as a read error would.</li>
 * </ul>
 */
public final class FaultInjectingFile implements BlockFile {

    /** The kinds of numbered calls. Reads and {@code size()} are not numbered: they change nothing. */
    public enum Kind { WRITE, TRUNCATE, FLUSH }

    /** One numbered call: a write (offset and bytes), a truncate (new size) or a flush. */
    public static final class Call {
        public final long index;
        public final Kind kind;
        /** The write's offset, or the truncate's new size; 0 for a flush. */
        public final long byteOffset;
        /** True when the call failed by {@link #failCall} and had no effect. */
        public final boolean failed;
        private final byte[] data;

        Call(long index, Kind kind, long byteOffset, byte[] data, boolean failed) {
            this.index = index;
            this.kind = kind;
            this.byteOffset = byteOffset;
            this.data = data;
            this.failed = failed;
        }

        Call(long index, Kind kind, long byteOffset, byte[] data) {
            this(index, kind, byteOffset, data, false);
        }

        /** The bytes of a write (length 0 for other calls). Do not modify. */
        public byte[] data() {
            return data;
        }

        public int length() {
            return data.length;
        }

        @Override
        public String toString() {
            String what;
            switch (kind) {
                case WRITE: what = "write " + data.length + " B at " + byteOffset; break;
                case TRUNCATE: what = "truncate to " + byteOffset; break;
                default: what = "flush"; break;
            }
            return "#" + index + " " + what + (failed ? " (failed)" : "");
        }
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final Image durable;
    private final Image current;
    private final ArrayList<Call> pending = new ArrayList<>();
    private ArrayList<Call> trace;

    private long callCount;
    private long writeCalls;
    private long truncateCalls;
    private long flushCalls;
    private long readCalls;
    private long bytesWritten;

    private long crashAtCall = -1;
    private boolean crashed;
    private Call cutCall;

    private long failAtCall = -1;
    private ErrorCode failCode;
    private StoreException injected;

    private int readsToFail;

    private boolean closed;

    /** An empty file. */
    public FaultInjectingFile() {
        this(NO_BYTES);
    }

    private FaultInjectingFile(byte[] durableContent) {
        durable = new Image(durableContent);
        current = new Image(durableContent);
    }

    /** A file whose durable content is a copy of {@code content}. */
    public static FaultInjectingFile over(byte[] content) {
        return new FaultInjectingFile(content);
    }

    /** Keeps every later numbered call, with a copy of its bytes, in {@link #trace()}. */
    public FaultInjectingFile recordTrace(boolean record) {
        trace = record ? new ArrayList<>() : null;
        return this;
    }

    /** The recorded calls (empty when not recording). */
    public List<Call> trace() {
        return trace == null ? Collections.emptyList() : Collections.unmodifiableList(trace);
    }

    // ---- BlockFile ---------------------------------------------------------------------------

    @Override
    public int read(long byteOffset, ByteBuffer dst) {
        checkUsable();
        StoreException.check(byteOffset >= 0, "negative read offset " + byteOffset);
        readCalls++;
        if (readsToFail > 0) {
            readsToFail--;
            throw StoreException.io("injected read failure at byte " + byteOffset, null);
        }
        if (byteOffset >= current.size) {
            return 0;
        }
        int count = (int) Math.min(dst.remaining(), current.size - byteOffset);
        dst.put(current.bytes, (int) byteOffset, count);
        return count;
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) {
        checkUsable();
        StoreException.check(byteOffset >= 0, "negative write offset " + byteOffset);
        byte[] data = new byte[src.remaining()];
        src.get(data);
        Call call = new Call(callCount, Kind.WRITE, byteOffset, data);
        checkFaults(call);
        writeCalls++;
        bytesWritten += data.length;
        perform(call);
    }

    @Override
    public long size() {
        checkUsable();
        return current.size;
    }

    @Override
    public void truncate(long byteSize) {
        checkUsable();
        StoreException.check(byteSize >= 0, "negative size " + byteSize);
        Call call = new Call(callCount, Kind.TRUNCATE, byteSize, NO_BYTES);
        checkFaults(call);
        truncateCalls++;
        perform(call);
    }

    @Override
    public void flush() {
        checkUsable();
        Call call = new Call(callCount, Kind.FLUSH, 0, NO_BYTES);
        checkFaults(call);
        flushCalls++;
        perform(call);
    }

    /** Closes this handle; {@link #reopen()} gives it back with the same images (pending writes included). */
    @Override
    public void close() {
        if (crashed) {
            throw powerLost();
        }
        closed = true;
    }

    /** Opens the file again after {@link #close()}, as a process that closes and reopens a file would. */
    public FaultInjectingFile reopen() {
        StoreException.check(!crashed, "the file crashed: build a crash image and open a new file over it");
        closed = false;
        return this;
    }

    // ---- replaying a trace -------------------------------------------------------------------

    /**
     * Performs a recorded call on this file as if the engine had issued it (numbered and counted
     * like one). Used to rebuild, call by call, the file a recorded workload saw.
     */
    public void apply(Call call) {
        if (call.failed) {
            checkUsable();
            callCount++;
            record(call);
            return;
        }
        switch (call.kind) {
            case WRITE: write(call.byteOffset, ByteBuffer.wrap(call.data)); break;
            case TRUNCATE: truncate(call.byteOffset); break;
            default: flush(); break;
        }
    }

    // ---- faults ------------------------------------------------------------------------------

    /** Call number {@code k} is cut by a power loss; every call from then on throws {@code IO}. */
    public FaultInjectingFile crashAtCall(long k) {
        StoreException.check(k >= callCount, "call " + k + " is already done (next is " + callCount + ")");
        crashAtCall = k;
        return this;
    }

    /** A power loss now, between calls. */
    public void crashNow() {
        crashed = true;
    }

    public boolean crashed() {
        return crashed;
    }

    /** Call number {@code k} fails with {@code code} (IO or QUOTA) and has no effect; the file stays usable. */
    public FaultInjectingFile failCall(long k, ErrorCode code) {
        StoreException.check(k >= callCount, "call " + k + " is already done (next is " + callCount + ")");
        StoreException.check(code == ErrorCode.IO || code == ErrorCode.QUOTA, "a file fails with IO or QUOTA, not " + code);
        failAtCall = k;
        failCode = code;
        return this;
    }

    /** The next {@code count} reads fail with {@code IO} and read nothing. */
    public FaultInjectingFile failReads(int count) {
        StoreException.check(count >= 0, "negative read count " + count);
        readsToFail = count;
        return this;
    }

    /** The exception {@link #failCall} threw, or null if it has not fired. */
    public StoreException injectedFailure() {
        return injected;
    }

    private void checkFaults(Call call) {
        if (call.index == failAtCall) {
            callCount++;
            failAtCall = -1;
            record(new Call(call.index, call.kind, call.byteOffset, call.data, true));
            injected = StoreException.of(failCode, "injected failure of call " + call, null);
            throw injected;
        }
        if (call.index == crashAtCall) {
            callCount++;
            crashed = true;
            cutCall = call.kind == Kind.FLUSH ? null : call;
            record(call);
            throw powerLost();
        }
    }

    private void perform(Call call) {
        callCount++;
        record(call);
        if (call.kind == Kind.FLUSH) {
            for (Call c : pending) {
                durable.apply(c, c.data.length);
            }
            pending.clear();
        } else {
            current.apply(call, call.data.length);
            pending.add(call);
        }
    }

    private void record(Call call) {
        if (trace != null) {
            trace.add(call);
        }
    }

    private void checkUsable() {
        if (crashed) {
            throw powerLost();
        }
        if (closed) {
            throw StoreException.closed("fault-injecting file is closed");
        }
    }

    private StoreException powerLost() {
        return StoreException.io("simulated power loss (crash at call " + (callCount - 1) + ")", null);
    }

    // ---- images ------------------------------------------------------------------------------

    /** The calls a power loss now could keep or lose: those since the last flush, plus the cut call. */
    public List<Call> crashCandidates() {
        ArrayList<Call> candidates = new ArrayList<>(pending);
        if (cutCall != null) {
            candidates.add(cutCall);
        }
        return candidates;
    }

    /**
     * The file after a power loss now, as an extra {@code inFlight} call (null for none) is cut:
     * like {@link #crashImage(long)} with that call as the last candidate. For trace replay:
     * the file need not have crashed.
     */
    public byte[] crashImage(long seed, Call inFlight) {
        List<Call> candidates = crashCandidates();
        if (inFlight != null && inFlight.kind != Kind.FLUSH) {
            candidates.add(inFlight);
        }
        return randomImage(candidates, new Random(seed));
    }

    /**
     * The file a reboot would find: the durable image plus a seeded choice among
     * {@link #crashCandidates()}: sometimes none, sometimes all in order (the last one possibly
     * torn), otherwise a random subset in random order, each write possibly torn, garbled, or
     * (past the old end of the file) zeros.
     */
    public byte[] crashImage(long seed) {
        return randomImage(crashCandidates(), new Random(seed));
    }

    /**
     * The durable image plus the candidates chosen by {@code order} (indices into
     * {@code candidates}), applied in that order; the write at position {@code tornAt} of
     * {@code order} keeps only its first {@code tornLength} bytes ({@code tornAt} -1: none torn).
     */
    public byte[] crashImage(List<Call> candidates, int[] order, int tornAt, int tornLength) {
        Image image = durable.copy();
        for (int i = 0; i < order.length; i++) {
            Call c = candidates.get(order[i]);
            image.apply(c, i == tornAt ? Math.min(tornLength, c.data.length) : c.data.length);
        }
        return image.release();
    }

    /** What survives a power loss that keeps no pending call. */
    public byte[] durableImage() {
        return durable.snapshot();
    }

    /** What reads see now: every call applied. */
    public byte[] currentImage() {
        return current.snapshot();
    }

    private byte[] randomImage(List<Call> candidates, Random random) {
        Image image = durable.copy();
        int n = candidates.size();
        int mode = random.nextInt(10);
        if (mode == 0 || n == 0) {
            return image.release();
        }
        if (mode <= 2) {
            // In order, as a disk that persists writes sequentially: all, or a prefix with its last write torn.
            int keep = mode == 1 ? n : 1 + random.nextInt(n);
            for (int i = 0; i < keep; i++) {
                Call c = candidates.get(i);
                boolean tearLast = mode == 2 && i == keep - 1 && c.kind == Kind.WRITE && c.data.length > 0;
                image.apply(c, tearLast ? tornLength(c.data.length, random) : c.data.length);
            }
            return image.release();
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double keepChance = 0.2 + 0.7 * random.nextDouble();
        for (int i : order) {
            if (random.nextDouble() >= keepChance) {
                continue;
            }
            Call c = candidates.get(i);
            int roll = random.nextInt(10);
            if (c.kind != Kind.WRITE || c.data.length == 0 || roll >= 4) {
                image.apply(c, c.data.length);
            } else if (roll < 2) {
                image.apply(c, tornLength(c.data.length, random));
            } else if (roll == 2) {
                image.applyGarbled(c, random);
            } else {
                image.applyGrowthWithoutData(c);
            }
        }
        return image.release();
    }

    /** A prefix length shorter than the write: at a random byte, or at a 512-byte sector boundary. */
    private static int tornLength(int length, Random random) {
        if (length > 512 && random.nextBoolean()) {
            return 512 * random.nextInt((length - 1) / 512 + 1);
        }
        return random.nextInt(length);
    }

    // ---- counters ----------------------------------------------------------------------------

    /** The number of numbered calls so far: the index the next write, truncate or flush gets. */
    public long callCount() {
        return callCount;
    }

    public long writeCalls() {
        return writeCalls;
    }

    public long truncateCalls() {
        return truncateCalls;
    }

    public long flushCalls() {
        return flushCalls;
    }

    public long readCalls() {
        return readCalls;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** The number of writes and truncates not yet made durable by a flush. */
    public int pendingCalls() {
        return pending.size();
    }

    /** A growable byte image with truncate semantics: bytes past a growth read as zero. */
    private static final class Image {
        private byte[] bytes;
        private int size;

        Image(byte[] content) {
            bytes = content.clone();
            size = content.length;
        }

        private Image(byte[] bytes, int size) {
            this.bytes = bytes;
            this.size = size;
        }

        Image copy() {
            return new Image(Arrays.copyOf(bytes, size), size);
        }

        /** The bytes, copied unless the array already has exactly the image's size (a scratch image). */
        byte[] snapshot() {
            return bytes.length == size ? bytes.clone() : Arrays.copyOf(bytes, size);
        }

        /** The bytes of a scratch image, without a copy when the array fits exactly; the image must not be used after. */
        byte[] release() {
            return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
        }

        void apply(Call c, int length) {
            if (c.kind == Kind.WRITE) {
                write(c.byteOffset, c.data, length);
            } else if (c.kind == Kind.TRUNCATE) {
                truncate(c.byteOffset);
            }
        }

        /**
         * The file grew to the write's end but its bytes never arrived: what lies past the old
         * end reads as zeros (a file system that persisted the size before the data).
         */
        void applyGrowthWithoutData(Call c) {
            long end = c.byteOffset + c.data.length;
            if (end > size && end <= Integer.MAX_VALUE - 8) {
                ensureCapacity((int) end);
                size = (int) end;
            }
        }

        /** The write with a random run of its bytes replaced by random bytes. */
        void applyGarbled(Call c, Random random) {
            byte[] garbled = c.data.clone();
            int from = random.nextInt(garbled.length);
            int to = from + 1 + random.nextInt(garbled.length - from);
            for (int i = from; i < to; i++) {
                garbled[i] = (byte) random.nextInt(256);
            }
            write(c.byteOffset, garbled, garbled.length);
        }

        private void write(long byteOffset, byte[] data, int length) {
            long end = byteOffset + length;
            if (end > Integer.MAX_VALUE - 8) {
                throw StoreException.of(ErrorCode.QUOTA, "a fault-injecting file cannot grow past 2 GiB (write ends at " + end + ")");
            }
            if (length == 0) {
                return;
            }
            ensureCapacity((int) end);
            System.arraycopy(data, 0, bytes, (int) byteOffset, length);
            size = Math.max(size, (int) end);
        }

        private void truncate(long byteSize) {
            if (byteSize > Integer.MAX_VALUE - 8) {
                throw StoreException.of(ErrorCode.QUOTA, "a fault-injecting file cannot grow past 2 GiB (truncate to " + byteSize + ")");
            }
            int newSize = (int) byteSize;
            if (newSize < size) {
                Arrays.fill(bytes, newSize, size, (byte) 0);
            } else {
                ensureCapacity(newSize);
            }
            size = newSize;
        }

        private void ensureCapacity(int needed) {
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(4096, bytes.length * 2)));
            }
        }
    }
}
