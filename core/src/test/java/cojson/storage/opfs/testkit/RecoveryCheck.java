package cojson.storage.opfs.testkit;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import cojson.storage.opfs.io.MemoryFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Judges one crash image: it must open, pass {@code verify()}, read as the model after some
 * number of commits in {@code [atLeast, atMost]}, answer point reads like the model, and (when
 * asked) take a new commit that survives a close and reopen.
 */
public final class RecoveryCheck {
    private static final byte[] PROBE_KEY = "\u0001probe after recovery".getBytes(StandardCharsets.UTF_8);

    private RecoveryCheck() {
    }

    /**
     * Returns the number of commits the recovered store holds, or -1 when it reported CORRUPT
     * and {@code corruptAllowed} (a crash while the file was being created).
     */
    public static int check(Recording rec, byte[] image, int atLeast, int atMost, boolean corruptAllowed,
                            boolean probeWrite, long probeSeed) {
        MemoryFile file = MemoryFile.of(image);
        Store store;
        try {
            store = Store.open(file, rec.options);
        } catch (StoreException e) {
            if (corruptAllowed && e.code() == ErrorCode.CORRUPT) {
                return -1;
            }
            throw e;
        }
        try {
            store.verify();
            Random random = new Random(probeSeed);
            byte[][] sample = new byte[16][];
            Fingerprint found = sampledFingerprint(store, random, sample);
            int matched = match(rec, found, atLeast, atMost);
            if (matched < 0) {
                throw new AssertionError("recovered store matches no commit in [" + atLeast + ", " + atMost
                        + "]; it holds " + found + "; " + explain(rec, store, found, atLeast));
            }
            pointReads(store, sample);
            if (probeWrite) {
                store = probe(rec, store, file, matched);
            }
            return matched;
        } finally {
            store.close();
        }
    }

    /**
     * The calls a clean recovery of {@code image} makes: open, then close (which checkpoints).
     * Null when the image does not open (a file still being created).
     */
    public static List<Call> recoveryTrace(Recording rec, byte[] image) {
        FaultInjectingFile file = FaultInjectingFile.over(image).recordTrace(true);
        try {
            Store.open(file, rec.options).close();
        } catch (StoreException e) {
            return null;
        }
        return file.trace();
    }

    private static int match(Recording rec, Fingerprint found, int atLeast, int atMost) {
        for (int j = atMost; j >= atLeast; j--) {
            if (rec.state(j).sameAs(found)) {
                return j;
            }
        }
        return -1;
    }

    /** Names the commit the store does equal, if any, else its first difference from the oldest allowed one. */
    private static String explain(Recording rec, Store store, Fingerprint found, int atLeast) {
        for (int j = 0; j <= rec.commits(); j++) {
            if (rec.state(j).sameAs(found)) {
                return "it equals the model after " + j + " commits"
                        + (j < atLeast ? ": acknowledged commits were lost" : ": commits not yet started appeared");
            }
        }
        Model expected = rec.modelAt(atLeast);
        return "it equals no commit; against the model after " + atLeast + " commits: "
                + StoreContents.diff(expected.entries(), StoreContents.readAll(store.scan(null, null)));
    }

    /** The store's digest from a full scan, keeping a random sample of its entries (key, value, key, value…). */
    private static Fingerprint sampledFingerprint(Store store, Random random, byte[][] sample) {
        Fingerprint f = new Fingerprint();
        Cursor cursor = store.scan(null, null);
        byte[] previous = null;
        int seen = 0;
        while (cursor.next()) {
            byte[] key = cursor.key();
            byte[] value = cursor.value();
            if (previous != null && UnsignedBytes.compare(previous, key) >= 0) {
                throw new AssertionError("scan keys out of order: " + UnsignedBytes.show(previous) + " then "
                        + UnsignedBytes.show(key));
            }
            f.add(key, value);
            int slot = seen < sample.length / 2 ? seen : random.nextInt(seen + 1);
            if (slot < sample.length / 2) {
                sample[2 * slot] = key;
                sample[2 * slot + 1] = value;
            }
            seen++;
            previous = key;
        }
        return f;
    }

    /** Point reads of sampled entries must agree with the scan (which matched the model). */
    private static void pointReads(Store store, byte[][] sample) {
        for (int i = 0; i < sample.length && sample[i] != null; i += 2) {
            byte[] got = store.get(sample[i]);
            if (!Arrays.equals(got, sample[i + 1])) {
                throw new AssertionError("get(" + UnsignedBytes.show(sample[i]) + ") = " + UnsignedBytes.show(got)
                        + " but the scan, which matched the model, gave " + UnsignedBytes.show(sample[i + 1]));
            }
        }
    }

    /** Commits a probe key to the recovered store, reopens it, and checks the probe and the recovered state. */
    private static Store probe(Recording rec, Store store, MemoryFile file, int commits) {
        try (WriteBatch batch = store.begin()) {
            batch.put(PROBE_KEY, PROBE_KEY);
            batch.commit();
        }
        store.close();
        Store again = Store.open(MemoryFile.of(file.snapshot()), rec.options);
        Fingerprint expected = rec.state(commits).copy();
        expected.add(PROBE_KEY, PROBE_KEY);
        Fingerprint found = StoreContents.fingerprint(again.scan(null, null));
        if (!found.sameAs(expected)) {
            again.close();
            throw new AssertionError("after recovery to commit " + commits + ", a new commit and a reopen left "
                    + found + " instead of " + expected);
        }
        again.verify();
        return again;
    }
}
