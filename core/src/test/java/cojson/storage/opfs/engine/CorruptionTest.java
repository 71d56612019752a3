package cojson.storage.opfs.engine;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.Fingerprint;
import cojson.storage.opfs.testkit.Gen;
import cojson.storage.opfs.testkit.Model;
import cojson.storage.opfs.testkit.StoreContents;
import cojson.storage.opfs.testkit.TestMode;
import cojson.storage.opfs.testkit.Trials;
import cojson.storage.opfs.testkit.UnsignedBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Damaged files. Each trial takes a store's file, damages it with one seeded mutation (a bit
 * flip, random bytes, a random run, a zeroed page, a page copied over another, a truncation;
 * a third of them aimed at the two 4 KiB header slots), then reopens it, reads everything (full
 * scan, and point reads of every eighth key) and runs {@code verify()}. The only acceptable outcomes:
 * <ul>
 *   <li>{@code StoreException} with code {@code CORRUPT} (or {@code UNSUPPORTED_FORMAT}) at any step;</li>
 *   <li>no error, and exactly the contents the file held (the damage missed everything trusted,
 *       or the engine repaired it from the other header slot).</li>
 * </ul>
 * One exception: a file cut to zero bytes is a new, empty store (only a zero-length file is; a file
 * cut to any other length without a valid header is {@code CORRUPT}). Never wrong data, never
 * another exception type, never a hang. The file with a log tail (taken while open, as a crash
 * would leave it) holds 20 acknowledged commits in its log, all below its log watermark: damage
 * to any of them is {@code CORRUPT}, never an earlier commit of the tail in silence (format
 * version 3; version 2 opened 14 of 1,500 such trials at an earlier commit).
 * A failure names the seed and saves the damaged image under {@code target/failed-images/}.
 */
class CorruptionTest {
    private static final int CI_TRIALS = 1500;
    private enum Outcome { DETECTED, UNSUPPORTED, EXACT, TAIL_PREFIX, EMPTY_ZERO_LENGTH_FILE }

    private static final String[] MUTATIONS = {
        "flip one bit", "overwrite 1-8 random bytes", "overwrite a run of 1-64 bytes", "flip one bit in the header slots",
        "random bytes in the header slots", "zero one 4 KiB block", "copy one 4 KiB block over another",
        "truncate at a random byte", "truncate at a 4 KiB boundary"
    };

    @Test
    void damagedCheckpointedFileOpensExactlyOrReportsCorrupt() {
        Fixture f = Fixture.build(21, false);
        run(f, TestMode.scaled(CI_TRIALS, 20), 1_000_000L);
    }

    @Test
    void damagedFileWithALogTailOpensExactlyOrAtAnEarlierCommitOfTheTailOrReportsCorrupt() {
        Fixture f = Fixture.build(22, true);
        run(f, TestMode.scaled(CI_TRIALS, 20), 2_000_000L);
    }

    private static void run(Fixture f, int trialCount, long seedBase) {
        AtomicIntegerArray outcomes = new AtomicIntegerArray(Outcome.values().length * MUTATIONS.length);
        Trials trials = new Trials("damaged-file trials (" + f.describe() + ")", TestMode.threads(), 60);
        long started = System.nanoTime();
        String given = System.getProperty("engine.seed");
        int count = given == null ? trialCount : 1;
        for (int i = 0; i < count && !trials.failedAlready(); i++) {
            long seed = given == null ? seedBase + i : Long.parseLong(given);
            Random random = new Random(seed);
            int mutation = random.nextInt(MUTATIONS.length);
            byte[] image = mutate(f.image, mutation, random);
            String id = "seed " + seed + " (" + MUTATIONS[mutation] + ")";
            trials.submit("corrupt " + f.name + " " + id, image, () -> {
                Outcome o = judge(f, image);
                outcomes.incrementAndGet(o.ordinal() * MUTATIONS.length + mutation);
            });
        }
        long done = trials.finish();
        StringBuilder sb = new StringBuilder("[corruption] " + f.describe() + ": " + done + " trials in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        for (int m = 0; m < MUTATIONS.length; m++) {
            sb.append("\n    ").append(MUTATIONS[m]).append(":");
            for (Outcome o : Outcome.values()) {
                sb.append(' ').append(o).append(' ').append(outcomes.get(o.ordinal() * MUTATIONS.length + m));
            }
        }
        System.out.println(sb);
    }

    /** Opens, reads and verifies the damaged image; returns the outcome or throws what is unacceptable. */
    private static Outcome judge(Fixture f, byte[] image) {
        try (Store store = Store.open(MemoryFile.of(image), f.options.readOnly(false))) {
            Fingerprint found = StoreContents.fingerprint(store.scan(null, null));
            int state = -1;
            for (int j = f.states.size() - 1; j >= 0; j--) {
                if (f.states.get(j).fingerprint().sameAs(found)) {
                    state = j;
                    break;
                }
            }
            if (state < 0 && found.count() == 0 && image.length == 0) {
                return Outcome.EMPTY_ZERO_LENGTH_FILE;
            }
            if (state < 0) {
                throw new AssertionError("the damaged store read without error but holds wrong data: "
                        + StoreContents.diff(f.last().entries(), StoreContents.readAll(store.scan(null, null))));
            }
            if (state != f.states.size() - 1) {
                throw new AssertionError("the damaged store opened at commit " + state + " of " + (f.states.size() - 1)
                        + " in its log tail, all acknowledged: acknowledged commits were lost in silence");
            }
            Model model = f.states.get(state);
            int i = 0;
            for (Map.Entry<byte[], byte[]> e : model.entries().entrySet()) {
                if (i++ % 8 != 0) {
                    continue;
                }
                byte[] got = store.get(e.getKey());
                if (!Arrays.equals(got, e.getValue())) {
                    throw new AssertionError("get(" + UnsignedBytes.show(e.getKey()) + ") returned wrong data "
                            + UnsignedBytes.show(got) + " after a scan that matched");
                }
            }
            store.verify();
            return state == f.states.size() - 1 ? Outcome.EXACT : Outcome.TAIL_PREFIX;
        } catch (StoreException e) {
            if (e.code() == ErrorCode.CORRUPT) {
                return Outcome.DETECTED;
            }
            if (e.code() == ErrorCode.UNSUPPORTED_FORMAT) {
                return Outcome.UNSUPPORTED;
            }
            throw e;
        }
    }

    private static byte[] mutate(byte[] original, int mutation, Random random) {
        byte[] b = original.clone();
        int n = b.length;
        int headers = Math.min(n, 8192);
        switch (mutation) {
            case 0:
                b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return b;
            case 1:
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    b[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return b;
            case 2: {
                int len = 1 + random.nextInt(64);
                int at = random.nextInt(Math.max(1, n - len));
                for (int i = at; i < Math.min(n, at + len); i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 3:
                b[random.nextInt(headers)] ^= (byte) (1 << random.nextInt(8));
                return b;
            case 4:
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    b[random.nextInt(Math.min(headers, random.nextBoolean() ? 128 : headers))] = (byte) random.nextInt(256);
                }
                return b;
            case 5: {
                int at = 4096 * random.nextInt(Math.max(1, n / 4096));
                Arrays.fill(b, at, Math.min(n, at + 4096), (byte) 0);
                return b;
            }
            case 6: {
                int blocks = Math.max(1, n / 4096);
                int from = 4096 * random.nextInt(blocks);
                int to = 4096 * random.nextInt(blocks);
                System.arraycopy(original, from, b, to, Math.min(4096, Math.min(n - from, n - to)));
                return b;
            }
            case 7:
                // Never to 0 bytes: an empty file is a new store, not a damaged one.
                return Arrays.copyOf(b, 1 + random.nextInt(n - 1));
            default:
                return Arrays.copyOf(b, 4096 * (1 + random.nextInt(Math.max(1, (n - 1) / 4096))));
        }
    }

    /** A store's file and the contents it may legitimately show: every commit of its log tail. */
    private static final class Fixture {
        final String name;
        final StoreOptions options;
        final List<Model> states = new ArrayList<>();
        byte[] image;

        Fixture(String name, StoreOptions options) {
            this.name = name;
            this.options = options;
        }

        Model last() {
            return states.get(states.size() - 1);
        }

        /**
         * 400 keys (some values overflow a page), deletes, a checkpoint; then either a close, or
         * 20 more commits left in the log and the bytes taken while the store is open.
         */
        static Fixture build(long seed, boolean withLogTail) {
            Fixture f = new Fixture(withLogTail ? "tail" : "checkpointed",
                    StoreOptions.defaults().pageSize(4096).cacheBytes(256 << 10).checkpointLogBytes(1 << 20));
            Random random = new Random(seed);
            Gen gen = new Gen(random);
            Model model = new Model();
            MemoryFile file = new MemoryFile();
            Store store = Store.open(file, f.options);
            for (int i = 0; i < 80; i++) {
                try (WriteBatch b = store.begin()) {
                    for (int j = 0; j < 5; j++) {
                        byte[] key = gen.key();
                        byte[] value = random.nextInt(100) == 0 ? gen.randomBytes((20 << 10) + random.nextInt(20 << 10))
                                : gen.randomBytes(random.nextInt(400));
                        b.put(key, value);
                        model.put(key, value);
                    }
                    if (i % 4 == 3) {
                        byte[] key = gen.existingKey(model.entries());
                        b.delete(key);
                        model.delete(key);
                    }
                    b.commit();
                }
            }
            store.checkpoint();
            f.states.add(model.copy());
            if (!withLogTail) {
                store.close();
                f.image = file.snapshot();
                return f;
            }
            for (int i = 0; i < 20; i++) {
                try (WriteBatch b = store.begin()) {
                    byte[] key = random.nextBoolean() ? gen.existingKey(model.entries()) : gen.key();
                    byte[] value = gen.randomBytes(random.nextInt(300));
                    b.put(key, value);
                    model.put(key, value);
                    b.commit();
                }
                f.states.add(model.copy());
            }
            f.image = file.snapshot();
            store.close();
            return f;
        }

        String describe() {
            return name + " file of " + image.length + " bytes, " + last().size() + " keys, " + (states.size() - 1)
                    + " commits in its log tail";
        }
    }
}
