package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.FailureImages;
import cojson.storage.opfs.testkit.Fingerprint;
import cojson.storage.opfs.testkit.Gen;
import cojson.storage.opfs.testkit.Model;
import cojson.storage.opfs.testkit.StoreContents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damage inside the acknowledged part of the log (crash invariant 6): a store left open with 12
 * acknowledged commits in its log (durable: each flushed; relaxed: flushed together by
 * {@code flush()}, with 3 more commits still in memory) is damaged frame by frame: a bit flipped
 * in each field and in the payload, the frame zeroed, the frame replaced by its successor, the file
 * cut at and inside it. Every image must open as CORRUPT, never at an earlier commit in silence,
 * and salvage must name the lost frames and hold the store as of the commit before the damaged one.
 * Then the limits, stated and checked: when the newest watermark copy is lost (the power failed
 * before the next flush made it durable, or its write was torn), the other copy still claims every
 * frame but the last flush's, whose damage may then open at the commit before (crash invariant 8).
 */
class LogDamageTest {
    private static final int LOGGED_COMMITS = 12;

    /** A store's file with a log tail, its frames' offsets, and the model after each logged commit. */
    private static final class Fixture {
        final StoreOptions options;
        final List<Model> states = new ArrayList<>();
        final List<long[]> frames = new ArrayList<>(); // {start, end} of each logged commit's frame
        byte[] image;

        Fixture(Durability durability) {
            options = StoreOptions.defaults().pageSize(4096).cacheBytes(1 << 20).checkpointLogBytes(1 << 20)
                    .durability(durability).relaxedFlushBytes(1 << 20).saltSeed(99);
            Random random = new Random(41);
            Gen gen = new Gen(random);
            Model model = new Model();
            MemoryFile file = new MemoryFile();
            Store store = Store.open(file, options);
            for (int i = 0; i < 40; i++) {
                commit(store, model, gen, random);
            }
            store.checkpoint();
            states.add(model.copy());
            for (int i = 0; i < LOGGED_COMMITS; i++) {
                commit(store, model, gen, random);
                states.add(model.copy());
            }
            if (durability == Durability.RELAXED) {
                store.flush();
                for (int i = 0; i < 3; i++) {
                    commit(store, new Model(), gen, random); // held in memory: never in the image
                }
            }
            image = file.snapshot();
            Header h = HeaderSlots.read(MemoryFile.of(image)).durable;
            long at = h.logStart;
            for (int i = 0; i < LOGGED_COMMITS; i++) {
                long end = at + FRAME_HEADER_BYTES + Bits.i32(image, (int) at + FRAME_LENGTH);
                frames.add(new long[] {at, end});
                at = end;
            }
            assertEquals(image.length, at, "the image ends with the last logged frame");
        }

        private static void commit(Store store, Model model, Gen gen, Random random) {
            try (WriteBatch b = store.begin()) {
                for (int j = 0; j < 1 + random.nextInt(4); j++) {
                    byte[] key = gen.key();
                    byte[] value = gen.randomBytes(random.nextInt(200));
                    b.put(key, value);
                    model.put(key, value);
                }
                b.commit();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Durability.class)
    void damageToAnyAcknowledgedFrameIsCorruptAndSalvageKeepsTheCommitsBeforeIt(Durability durability) {
        Fixture f = new Fixture(durability);
        try (Store intact = Store.open(MemoryFile.of(f.image), f.options.readOnly(true))) {
            assertTrue(StoreContents.fingerprint(intact.scan(null, null)).sameAs(f.states.get(LOGGED_COMMITS).fingerprint()),
                    "the undamaged image holds every logged commit");
        }
        int images = 0;
        for (int i = 0; i < LOGGED_COMMITS; i++) {
            long start = f.frames.get(i)[0];
            long end = f.frames.get(i)[1];
            List<byte[]> damaged = new ArrayList<>();
            for (long at : new long[] {start + FRAME_LENGTH, start + FRAME_SALT + 2, start + FRAME_SEQ + 7,
                start + FRAME_CHECKSUM, start + FRAME_HEADER_BYTES, (start + FRAME_HEADER_BYTES + end) / 2, end - 1}) {
                byte[] b = f.image.clone();
                b[(int) at] ^= 0x20;
                damaged.add(b);
            }
            byte[] zeroed = f.image.clone();
            Arrays.fill(zeroed, (int) start, (int) end, (byte) 0);
            damaged.add(zeroed);
            if (i + 1 < LOGGED_COMMITS) {
                byte[] replaced = f.image.clone();
                long[] next = f.frames.get(i + 1);
                System.arraycopy(f.image, (int) next[0], replaced, (int) start, (int) Math.min(next[1] - next[0], end - start));
                damaged.add(replaced);
            }
            damaged.add(Arrays.copyOf(f.image, (int) start));
            damaged.add(Arrays.copyOf(f.image, (int) (start + end) / 2));
            for (byte[] image : damaged) {
                String where = durability + ", damage in logged commit " + (i + 1) + " of " + LOGGED_COMMITS
                        + " (frame bytes " + start + ".." + end + ")";
                assertCorruptAndSalvagedBefore(f, image, i, where);
                images++;
            }
        }
        System.out.println("[log-damage] " + durability + ": " + images + " damaged images of " + LOGGED_COMMITS
                + " acknowledged frames, every one CORRUPT; salvage held the commit before the damage");
    }

    private static void assertCorruptAndSalvagedBefore(Fixture f, byte[] image, int damagedFrame, String where) {
        try {
            StoreException e = null;
            try (Store store = Store.open(MemoryFile.of(image), f.options)) {
                Fingerprint found = StoreContents.fingerprint(store.scan(null, null));
                throw new AssertionError("opened instead of CORRUPT, holding " + describe(f, found));
            } catch (StoreException thrown) {
                e = thrown;
            }
            assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
            SalvageWalk walk = SalvageWalk.of(MemoryFile.of(image));
            assertTrue(walk.damage.stream().anyMatch(d -> d.contains("were acknowledged but are damaged or missing")),
                    "salvage did not name the lost frames: " + walk.damage);
            Fingerprint salvaged = new Fingerprint();
            walk.entries.forEach(salvaged::add);
            assertTrue(salvaged.sameAs(f.states.get(damagedFrame).fingerprint()),
                    "salvage holds " + describe(f, salvaged) + ", not the commit before the damaged frame");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(where + ": " + e.getMessage() + " (" + FailureImages.save("log-damage", image) + ")", e);
        }
    }

    private static String describe(Fixture f, Fingerprint found) {
        for (int j = 0; j < f.states.size(); j++) {
            if (f.states.get(j).fingerprint().sameAs(found)) {
                return "logged commit " + j;
            }
        }
        return "no logged commit's state";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Durability.class)
    void withItsNewestWatermarkCopyLostOnlyTheLastFlushsFramesMayOpenAtTheCommitBefore(Durability durability) {
        Fixture f = new Fixture(durability);
        HeaderSlots slots = HeaderSlots.read(MemoryFile.of(f.image));
        Header h = slots.durable;
        int newest = slots.bestWatermarkCopy(h);
        assertTrue(newest >= 0, "the image has a watermark");
        // A durable store's last flush wrote one frame; a relaxed store's one flush wrote all of them.
        int lastFlushFrames = durability == Durability.DURABLE ? 1 : LOGGED_COMMITS;
        for (String loss : new String[] {"zeroed", "torn"}) {
            byte[] lost = f.image.clone();
            int at = (int) watermarkOffset(newest);
            if (loss.equals("zeroed")) {
                Arrays.fill(lost, at, at + WATERMARK_BYTES, (byte) 0);
            } else {
                lost[at + OFFSET_WM_SEQ_END + 7] ^= 1;
            }
            try (Store store = Store.open(MemoryFile.of(lost), f.options.readOnly(true))) {
                assertTrue(StoreContents.fingerprint(store.scan(null, null)).sameAs(f.states.get(LOGGED_COMMITS).fingerprint()),
                        "with the frames whole, a lost watermark copy loses nothing");
            }
            for (int i = 0; i < LOGGED_COMMITS; i++) {
                byte[] image = lost.clone();
                image[(int) f.frames.get(i)[0] + FRAME_HEADER_BYTES] ^= 0x20;
                String where = durability + ", watermark copy " + newest + " " + loss + ", damage in logged commit " + (i + 1);
                if (i < LOGGED_COMMITS - lastFlushFrames) {
                    assertCorruptAndSalvagedBefore(f, image, i, where);
                } else {
                    try (Store store = Store.open(MemoryFile.of(image), f.options.readOnly(true))) {
                        assertTrue(StoreContents.fingerprint(store.scan(null, null)).sameAs(f.states.get(i).fingerprint()),
                                where + ": a frame no durable watermark claims is a torn tail: the store opens at the commit before it");
                    }
                }
            }
        }
    }
}
