package cojson.storage.opfs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The crash-test file itself must be right, or every crash test proves nothing. */
class FaultInjectingFileTest {

    private static void write(BlockFile f, long at, byte... bytes) {
        f.write(at, ByteBuffer.wrap(bytes));
    }

    private static byte[] read(BlockFile f, long at, int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        int got = f.read(at, b);
        return Arrays.copyOf(b.array(), got);
    }

    @Test
    void readsSeePendingWritesBeforeAnyFlush() {
        FaultInjectingFile f = new FaultInjectingFile();
        write(f, 0, (byte) 1, (byte) 2, (byte) 3);
        write(f, 10, (byte) 9);
        assertEquals(11, f.size());
        assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 9}, read(f, 0, 100));
        assertEquals(0, f.durableImage().length, "nothing is durable before a flush");
        assertEquals(2, f.pendingCalls());
    }

    @Test
    void flushMakesEveryPendingCallDurableInOrder() {
        FaultInjectingFile f = new FaultInjectingFile();
        write(f, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        write(f, 1, (byte) 7);
        f.truncate(3);
        f.flush();
        assertArrayEquals(new byte[] {1, 7, 3}, f.durableImage());
        assertEquals(0, f.pendingCalls());
        f.truncate(5);
        assertArrayEquals(new byte[] {1, 7, 3, 0, 0}, f.currentImage(), "bytes past a growth read as zero");
        assertArrayEquals(new byte[] {1, 7, 3}, f.durableImage(), "the truncate is pending until the next flush");
    }

    @Test
    void callsAreNumberedAndCountedAndReadsAreNot() {
        FaultInjectingFile f = new FaultInjectingFile().recordTrace(true);
        write(f, 0, (byte) 1);
        read(f, 0, 1);
        f.truncate(10);
        f.flush();
        assertEquals(3, f.callCount());
        assertEquals(1, f.writeCalls());
        assertEquals(1, f.truncateCalls());
        assertEquals(1, f.flushCalls());
        assertEquals(1, f.readCalls());
        List<FaultInjectingFile.Call> trace = f.trace();
        assertEquals(FaultInjectingFile.Kind.WRITE, trace.get(0).kind);
        assertEquals(FaultInjectingFile.Kind.TRUNCATE, trace.get(1).kind);
        assertEquals(10, trace.get(1).byteOffset);
        assertEquals(2, trace.get(2).index);
    }

    @Test
    void crashAtACallThrowsIoForThatCallAndEveryCallAfter() {
        FaultInjectingFile f = new FaultInjectingFile();
        write(f, 0, (byte) 1);
        f.flush();
        f.crashAtCall(3);
        write(f, 1, (byte) 2);
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, () -> write(f, 2, (byte) 3)).code());
        assertTrue(f.crashed());
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, () -> read(f, 0, 1)).code());
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, f::size).code());
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, f::flush).code());
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, () -> f.truncate(0)).code());
        assertEquals(2, f.crashCandidates().size(), "the pending write and the cut write");
        assertEquals(2, f.crashCandidates().get(1).byteOffset);
    }

    /**
     * Outside the ranges of pending writes a crash image equals the durable image; inside, each
     * byte is the old byte, the written byte, or (garbled) anything; and over many seeds every
     * kind of image appears: nothing kept, everything kept, torn writes, garbled writes.
     */
    @Test
    void crashImagesKeepTheDurableImageAndOnlyPendingWritesPossiblyTornOrGarbled() {
        Random random = new Random(5);
        byte[] base = new byte[64 << 10];
        random.nextBytes(base);
        FaultInjectingFile f = FaultInjectingFile.over(base);
        int writes = 12;
        int[][] ranges = new int[writes][];
        for (int i = 0; i < writes; i++) {
            int len = 1 + random.nextInt(3000);
            int at = 4096 * i + random.nextInt(1000);
            byte[] data = new byte[len];
            Arrays.fill(data, (byte) (i + 1));
            write(f, at, data);
            ranges[i] = new int[] {at, at + len};
        }
        byte[] current = f.currentImage();
        int none = 0;
        int all = 0;
        int torn = 0;
        int garbled = 0;
        for (long seed = 0; seed < 400; seed++) {
            byte[] image = f.crashImage(seed);
            assertArrayEquals(image, f.crashImage(seed), "an image is a function of its seed");
            assertEquals(base.length, image.length);
            boolean sawTear = false;
            boolean sawGarble = false;
            for (int i = 0; i < writes; i++) {
                int kept = 0;
                boolean tornHere = false;
                for (int p = ranges[i][0]; p < ranges[i][1]; p++) {
                    if (image[p] == (byte) (i + 1)) {
                        kept++;
                        if (tornHere) {
                            sawGarble = true;
                        }
                    } else if (image[p] == base[p]) {
                        if (kept > 0) {
                            tornHere = true;
                        }
                    } else {
                        sawGarble = true;
                    }
                }
                sawTear |= tornHere;
            }
            for (int p = 0; p < base.length; p++) {
                if (!inside(ranges, p) && image[p] != base[p]) {
                    throw new AssertionError("seed " + seed + ": byte " + p + " changed outside every pending write");
                }
            }
            none += Arrays.equals(image, base) ? 1 : 0;
            all += Arrays.equals(image, current) ? 1 : 0;
            torn += sawTear ? 1 : 0;
            garbled += sawGarble ? 1 : 0;
        }
        assertTrue(none > 10 && all > 10 && torn > 10 && garbled > 10,
                "images: " + none + " kept nothing, " + all + " kept everything, " + torn + " had a torn write, "
                        + garbled + " a garbled one");
    }

    @Test
    void crashImagesSometimesGrowTheFileWithZerosWhereTheDataNeverArrived() {
        FaultInjectingFile f = FaultInjectingFile.over(new byte[] {7, 7, 7, 7});
        for (int i = 0; i < 4; i++) {
            byte[] data = new byte[100];
            Arrays.fill(data, (byte) 1);
            write(f, 4 + 100 * i, data);
        }
        int zeroGrowth = 0;
        for (long seed = 0; seed < 400; seed++) {
            byte[] image = f.crashImage(seed);
            assertArrayEquals(new byte[] {7, 7, 7, 7}, Arrays.copyOf(image, 4), "seed " + seed);
            if (image.length > 4 && image[image.length - 1] == 0) {
                zeroGrowth++;
            }
        }
        assertTrue(zeroGrowth > 10, zeroGrowth + " images grew with zeros");
    }

    private static boolean inside(int[][] ranges, int p) {
        for (int[] r : ranges) {
            if (p >= r[0] && p < r[1]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void explicitCrashImageAppliesTheChosenCallsInTheChosenOrderWithOneTorn() {
        FaultInjectingFile f = FaultInjectingFile.over(new byte[8]);
        write(f, 0, (byte) 1, (byte) 1, (byte) 1, (byte) 1);
        write(f, 2, (byte) 2, (byte) 2, (byte) 2, (byte) 2);
        List<FaultInjectingFile.Call> c = f.crashCandidates();
        assertArrayEquals(new byte[] {1, 1, 2, 2, 2, 2, 0, 0}, f.crashImage(c, new int[] {0, 1}, -1, 0));
        assertArrayEquals(new byte[] {1, 1, 1, 1, 2, 2, 0, 0}, f.crashImage(c, new int[] {1, 0}, -1, 0));
        assertArrayEquals(new byte[] {1, 1, 2, 1, 0, 0, 0, 0}, f.crashImage(c, new int[] {0, 1}, 1, 1));
        assertArrayEquals(new byte[8], f.crashImage(c, new int[0], -1, 0));
    }

    @Test
    void failedCallThrowsItsCodeOnceHasNoEffectAndLeavesTheFileUsable() {
        FaultInjectingFile f = new FaultInjectingFile();
        write(f, 0, (byte) 1);
        f.failCall(1, ErrorCode.QUOTA);
        StoreException e = assertThrows(StoreException.class, () -> write(f, 1, (byte) 2));
        assertEquals(ErrorCode.QUOTA, e.code());
        assertSame(e, f.injectedFailure());
        assertEquals(1, f.size(), "the failed write had no effect");
        write(f, 1, (byte) 3);
        f.flush();
        assertArrayEquals(new byte[] {1, 3}, f.durableImage());
        assertFalse(f.crashed());
        f.failCall(f.callCount(), ErrorCode.IO);
        assertEquals(ErrorCode.IO, assertThrows(StoreException.class, f::flush).code());
    }

    /** The crash suite rebuilds the file from a trace instead of rerunning the workload. */
    @Test
    void replayingATraceRebuildsTheSameCurrentAndDurableImages() {
        Random random = new Random(6);
        FaultInjectingFile original = new FaultInjectingFile().recordTrace(true);
        for (int i = 0; i < 2000; i++) {
            int roll = random.nextInt(10);
            if (roll < 7) {
                byte[] data = new byte[1 + random.nextInt(500)];
                random.nextBytes(data);
                write(original, random.nextInt(20000), data);
            } else if (roll < 8) {
                original.truncate(random.nextInt(20000));
            } else if (roll < 9) {
                original.failCall(original.callCount(), ErrorCode.IO);
                assertThrows(StoreException.class, original::flush);
            } else {
                original.flush();
            }
        }
        FaultInjectingFile replay = new FaultInjectingFile();
        for (FaultInjectingFile.Call call : original.trace()) {
            replay.apply(call);
        }
        assertEquals(original.callCount(), replay.callCount());
        assertArrayEquals(original.currentImage(), replay.currentImage());
        assertArrayEquals(original.durableImage(), replay.durableImage());
        assertEquals(original.crashCandidates().size(), replay.crashCandidates().size());
        assertArrayEquals(original.crashImage(99), replay.crashImage(99));
    }

    @Test
    void closeAndReopenKeepPendingWrites() {
        FaultInjectingFile f = new FaultInjectingFile();
        write(f, 0, (byte) 5);
        f.close();
        assertEquals(ErrorCode.CLOSED, assertThrows(StoreException.class, f::size).code());
        f.reopen();
        assertArrayEquals(new byte[] {5}, read(f, 0, 1));
        assertEquals(0, f.durableImage().length);
        assertNotNull(f.crashImage(1));
    }
}
