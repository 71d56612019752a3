package cojson.storage.opfs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs many independent trials (one crash image, one corrupted file) on a few threads, with a
 * per-trial time limit so that an engine caught in a loop fails the test with the trial's seed
 * instead of hanging it. Each trial is named by a string that reproduces it.
 */
public final class Trials {
    private static final int MAX_REPORTED = 10;

    private final String what;
    private final long timeoutNanos;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final int slotCount;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final AtomicLong failureCount = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean dumpPrinted = new java.util.concurrent.atomic.AtomicBoolean();
    private Throwable firstFailure;

    public Trials(String what, int threads, long timeoutSeconds) {
        this.what = what;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.slotCount = threads * 3;
        this.slots = new Semaphore(slotCount);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "trial");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code trial}; a throwable it throws is a failure reported with {@code id}. */
    public void submit(String id, Runnable trial) {
        acquire(1);
        pool.execute(() -> {
            running.put(id, System.nanoTime());
            try {
                trial.run();
            } catch (Throwable t) {
                fail(id, t);
            } finally {
                running.remove(id);
                done.incrementAndGet();
                slots.release();
            }
        });
    }

    /**
     * Runs {@code trial} on {@code image}; on failure the image is saved under
     * {@code target/failed-images/} (the engine's random salts make every run's bytes differ).
     */
    public void submit(String id, byte[] image, Runnable trial) {
        submit(id, () -> {
            try {
                trial.run();
            } catch (RuntimeException | AssertionError e) {
                if (dumpPrinted.compareAndSet(false, true)) {
                    // The first failure explains itself in the test's output: the image's structure.
                    System.out.println("[dump] the image of the first failed trial, " + id + ":\n"
                            + FailureImages.dumpOf(image));
                }
                throw new AssertionError(e + "; " + FailureImages.saveWithDump(id, image), e);
            }
        });
    }

    /** Waits for every trial; throws an AssertionError listing the failures, if any. */
    public long finish() {
        acquire(slotCount);
        slots.release(slotCount);
        pool.shutdown();
        synchronized (failures) {
            if (failureCount.get() > 0) {
                AssertionError e = new AssertionError(failureCount.get() + " of " + done.get() + " " + what
                        + " failed; the first " + failures.size() + ":\n  " + String.join("\n  ", failures), firstFailure);
                throw e;
            }
        }
        return done.get();
    }

    /** Stops at the first failure instead of running on (for the long mode's huge runs). */
    public boolean failedAlready() {
        return failureCount.get() > 0;
    }

    private void acquire(int permits) {
        try {
            while (!slots.tryAcquire(permits, 1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                for (Map.Entry<String, Long> e : running.entrySet()) {
                    if (now - e.getValue() > timeoutNanos) {
                        pool.shutdownNow();
                        throw new AssertionError(what + ": trial " + e.getKey() + " ran longer than "
                                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s (a loop in the engine?)");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void fail(String id, Throwable t) {
        failureCount.incrementAndGet();
        synchronized (failures) {
            if (firstFailure == null) {
                firstFailure = t;
            }
            if (failures.size() < MAX_REPORTED) {
                StackTraceElement[] st = t.getStackTrace();
                String where = st.length > 0 ? " at " + st[0] : "";
                failures.add(id + ": " + t + where);
            }
        }
    }
}
