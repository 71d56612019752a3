package cojson.storage.opfs.cojson;

import cojson.storage.opfs.StoreException;

/** One-line checks of values that arrive from JavaScript as doubles and strings. */
final class Args {
    /** 2^53 - 1: the largest integer a JS number holds exactly. */
    static final double MAX_SAFE = 9007199254740991.0;

    private Args() {
    }

    static long index(double v, String what) {
        StoreException.check(v == Math.floor(v) && v >= 0 && v <= MAX_SAFE,
                what + " must be a non-negative integer, got " + v);
        return (long) v;
    }

    static long txIndex(double v, String what) {
        long i = index(v, what);
        StoreException.check(i <= 0xFFFFFFFFL, what + " must be below 2^32, got " + v);
        return i;
    }

    static long rowID(double v, String what) {
        long id = index(v, what);
        StoreException.check(id >= 1, what + " must be a rowID (an integer >= 1), got " + v);
        return id;
    }

    static String text(String s, String what) {
        StoreException.check(s != null, what + " must be a string");
        return s;
    }

    static String id(String s, String what) {
        text(s, what);
        StoreException.check(!s.isEmpty() && s.length() <= 512 && s.indexOf('\0') < 0,
                what + " must be a non-empty string of at most 512 characters without NUL");
        return s;
    }
}
