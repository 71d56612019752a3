package cojson.storage.opfs.cojson;

import cojson.storage.opfs.StoreException;

/**
 * One-line checks of values that arrive from JavaScript as doubles and strings. The message is
 * built only when a check fails: these run on every call, and on the TeaVM builds formatting a
 * double for a message that is thrown away cost more than a short read.
 */
final class Args {
    /** 2^53 - 1: the largest integer a JS number holds exactly. */
    static final double MAX_SAFE = 9007199254740991.0;

    private Args() {
    }

    static long index(double v, String what) {
        if (!(v == Math.floor(v) && v >= 0 && v <= MAX_SAFE)) {
            throw StoreException.invalidArgument(what + " must be a non-negative integer, got " + v);
        }
        return (long) v;
    }

    static long txIndex(double v, String what) {
        long i = index(v, what);
        if (i > 0xFFFFFFFFL) {
            throw StoreException.invalidArgument(what + " must be below 2^32, got " + v);
        }
        return i;
    }

    static long rowID(double v, String what) {
        long id = index(v, what);
        if (id < 1) {
            throw StoreException.invalidArgument(what + " must be a rowID (an integer >= 1), got " + v);
        }
        return id;
    }

    static String text(String s, String what) {
        if (s == null) {
            throw StoreException.invalidArgument(what + " must be a string");
        }
        return s;
    }

    static String id(String s, String what) {
        text(s, what);
        if (s.isEmpty() || s.length() > 512 || s.indexOf('\0') >= 0) {
            throw StoreException.invalidArgument(what + " must be a non-empty string of at most 512 characters without NUL");
        }
        return s;
    }
}
