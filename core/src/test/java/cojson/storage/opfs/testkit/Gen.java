package cojson.storage.opfs.testkit;

import java.nio.charset.StandardCharsets;
import java.util.NavigableMap;
import java.util.Random;

/**
 * Seeded keys and values for the store's tests. Keys share prefixes (so prefix scans and
 * separator keys matter), include 0x00 and 0xFF bytes (so unsigned order matters), and reach
 * the 1 KiB limit; values run from empty to overflow sizes.
 */
public final class Gen {
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_VALUE_BYTES = 4 << 20;

    private final Random random;
    private final byte[][] prefixes;
    private final int longKeyPercent;

    public Gen(Random random) {
        this(random, 5);
    }

    /** {@code longKeyPercent}: how many fresh keys are 100 bytes to 1 KiB long (2 of the 5 in 100 by default are exactly 1 KiB). */
    public Gen(Random random, int longKeyPercent) {
        this.random = random;
        this.longKeyPercent = longKeyPercent;
        String[] text = {"", "a", "a/", "a/b/", "a/b/c/", "user:", "user:0042/", "co_z", "tx/", "tx/0001/"};
        prefixes = new byte[text.length + 6][];
        for (int i = 0; i < text.length; i++) {
            prefixes[i] = text[i].getBytes(StandardCharsets.UTF_8);
        }
        prefixes[text.length] = new byte[] {0};
        prefixes[text.length + 1] = new byte[] {0, 0};
        prefixes[text.length + 2] = new byte[] {(byte) 0xFF};
        prefixes[text.length + 3] = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        prefixes[text.length + 4] = new byte[] {(byte) 0x7F, (byte) 0x80};
        prefixes[text.length + 5] = randomBytes(24);
    }

    public Random random() {
        return random;
    }

    /** A fresh key: a shared prefix and a suffix, 1 to 1024 bytes, now and then exactly 1024. */
    public byte[] key() {
        byte[] prefix = prefixes[random.nextInt(prefixes.length)];
        int roll = random.nextInt(100);
        int suffixLength;
        if (roll < longKeyPercent * 2 / 5) {
            suffixLength = MAX_KEY_BYTES - prefix.length;
        } else if (roll < longKeyPercent) {
            suffixLength = 100 + random.nextInt(MAX_KEY_BYTES - 100 - prefix.length);
        } else {
            suffixLength = 1 + random.nextInt(16);
        }
        byte[] key = new byte[prefix.length + suffixLength];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        boolean narrow = random.nextBoolean();
        for (int i = prefix.length; i < key.length; i++) {
            // A narrow alphabet makes keys collide and share long prefixes; a wide one covers every byte.
            key[i] = narrow ? (byte) ('a' + random.nextInt(4)) : (byte) random.nextInt(256);
        }
        return key;
    }

    /** A key near the model's keys: an existing one when there is any, else a fresh one. */
    public byte[] existingKey(NavigableMap<byte[], byte[]> entries) {
        if (entries.isEmpty()) {
            return key();
        }
        byte[] probe = key();
        byte[] k = random.nextBoolean() ? entries.ceilingKey(probe) : entries.floorKey(probe);
        return k != null ? k : (random.nextBoolean() ? entries.firstKey() : entries.lastKey());
    }

    /** Mostly small values; some pages long; a few overflow-sized (20–200 KiB). */
    public byte[] value() {
        int roll = random.nextInt(1000);
        if (roll < 850) {
            return randomBytes(random.nextInt(201));
        }
        if (roll < 950) {
            return randomBytes(200 + random.nextInt(3800));
        }
        if (roll < 996) {
            return randomBytes(4000 + random.nextInt(12000));
        }
        return bigValue();
    }

    /** 20–200 KiB: many overflow pages at every page size. */
    public byte[] bigValue() {
        return randomBytes((20 << 10) + random.nextInt(180 << 10));
    }

    /** At or just under the 4 MiB limit. */
    public byte[] hugeValue() {
        int roll = random.nextInt(3);
        int size = roll == 0 ? MAX_VALUE_BYTES : roll == 1 ? MAX_VALUE_BYTES - 1 : MAX_VALUE_BYTES - random.nextInt(65536);
        return randomBytes(size);
    }

    public byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** A range bound: null (open), an existing key, or a fresh key. */
    public byte[] bound(NavigableMap<byte[], byte[]> entries) {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return null;
        }
        return roll < 6 ? existingKey(entries) : key();
    }

    /** A scan prefix: one of the shared prefixes, or a cut of an existing key. */
    public byte[] prefix(NavigableMap<byte[], byte[]> entries) {
        if (random.nextBoolean()) {
            return prefixes[random.nextInt(prefixes.length)].clone();
        }
        byte[] k = existingKey(entries);
        return java.util.Arrays.copyOf(k, random.nextInt(Math.min(k.length, 8) + 1));
    }
}
