package cojson.storage.opfs.testkit;

import cojson.storage.opfs.engine.Cursor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Reads what a cursor yields and compares it with the model, saying exactly where they differ. */
public final class StoreContents {
    private StoreContents() {
    }

    private static void checkIncreasing(byte[] previous, byte[] key) {
        if (previous != null && UnsignedBytes.compare(previous, key) >= 0) {
            throw new AssertionError("cursor keys out of order: " + UnsignedBytes.show(previous)
                    + " then " + UnsignedBytes.show(key));
        }
    }

    /** Every entry of the cursor, checking that keys strictly increase. */
    public static TreeMap<byte[], byte[]> readAll(Cursor cursor) {
        TreeMap<byte[], byte[]> out = new TreeMap<>(UnsignedBytes.ORDER);
        byte[] previous = null;
        while (cursor.next()) {
            byte[] key = cursor.key();
            checkIncreasing(previous, key);
            out.put(key, cursor.value());
            previous = key;
        }
        return out;
    }

    /** The digest of a cursor's entries (keys checked to increase), without keeping them. */
    public static Fingerprint fingerprint(Cursor cursor) {
        Fingerprint f = new Fingerprint();
        byte[] previous = null;
        while (cursor.next()) {
            byte[] key = cursor.key();
            checkIncreasing(previous, key);
            f.add(key, cursor.value());
            previous = key;
        }
        return f;
    }

    /**
     * Compares up to {@code limit} entries of the cursor with the expected entries, in order.
     * Returns null when they agree, else a description of the first difference.
     */
    public static String compare(NavigableMap<byte[], byte[]> expected, Cursor cursor, int limit) {
        Iterator<Map.Entry<byte[], byte[]>> it = expected.entrySet().iterator();
        for (int i = 0; i < limit; i++) {
            boolean has = cursor.next();
            if (!it.hasNext()) {
                return has ? "store has an extra entry " + UnsignedBytes.show(cursor.key()) + " at position " + i : null;
            }
            Map.Entry<byte[], byte[]> e = it.next();
            if (!has) {
                return "store ends at position " + i + "; model has " + UnsignedBytes.show(e.getKey()) + " next ("
                        + expected.size() + " expected in all)";
            }
            byte[] key = cursor.key();
            if (!Arrays.equals(key, e.getKey())) {
                return "at position " + i + " store has key " + UnsignedBytes.show(key) + ", model has "
                        + UnsignedBytes.show(e.getKey());
            }
            byte[] value = cursor.value();
            if (!Arrays.equals(value, e.getValue())) {
                return "value of " + UnsignedBytes.show(key) + " differs: store " + UnsignedBytes.show(value)
                        + ", model " + UnsignedBytes.show(e.getValue());
            }
            String slices = compareSlices(cursor, key, value);
            if (slices != null) {
                return "at position " + i + " " + slices;
            }
        }
        return null;
    }

    /** The cursor's allocation-free accessors (keyByte, readValue) agree with key() and value(). */
    private static String compareSlices(Cursor cursor, byte[] key, byte[] value) {
        for (int b = 0; b < key.length; b++) {
            if (cursor.keyByte(b) != key[b]) {
                return "keyByte(" + b + ") of " + UnsignedBytes.show(key) + " is " + cursor.keyByte(b);
            }
        }
        byte[][] slice = new byte[1][];
        cursor.readValue((bytes, offset, length) -> slice[0] = Arrays.copyOfRange(bytes, offset, offset + length));
        if (!Arrays.equals(slice[0], value)) {
            return "readValue of " + UnsignedBytes.show(key) + " gave " + UnsignedBytes.show(slice[0]) + ", value() "
                    + UnsignedBytes.show(value);
        }
        return null;
    }

    /** The first difference between two whole maps, or null. */
    public static String diff(NavigableMap<byte[], byte[]> expected, NavigableMap<byte[], byte[]> actual) {
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            byte[] v = actual.get(e.getKey());
            if (v == null) {
                return "missing key " + UnsignedBytes.show(e.getKey()) + " (" + expected.size() + " expected, "
                        + actual.size() + " present)";
            }
            if (!Arrays.equals(v, e.getValue())) {
                return "value of " + UnsignedBytes.show(e.getKey()) + " is " + UnsignedBytes.show(v) + ", expected "
                        + UnsignedBytes.show(e.getValue());
            }
        }
        for (byte[] k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                return "unexpected key " + UnsignedBytes.show(k) + " (" + expected.size() + " expected, "
                        + actual.size() + " present)";
            }
        }
        return null;
    }
}
