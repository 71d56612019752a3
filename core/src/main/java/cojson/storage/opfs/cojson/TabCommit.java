package cojson.storage.opfs.cojson;

import cojson.storage.opfs.StoreException;

/**
 * A browser tab's buffered cojson transaction, applied in ONE engine transaction: the reads the tab's
 * callback relied on are checked against the state this commit runs on (another tab may have
 * committed since), then the writes run in call order, provisional session rowIDs replaced by real
 * ones. The tab (worker-js {@code src/protocol/commitCodec.js}, which mirrors this table) sends it as
 * UTF-8 bytes that the owner worker passes through untouched.
 *
 * <pre>
 * commit = record*
 * record = TAG NUL field NUL field NUL ...      a fixed number of fields per tag, each ended by NUL
 * field  = UTF-8 text without NUL: a number as JS writes it (String(n)), or a string
 *
 * TAG  FIELDS                                                                         MEANING
 * checks (all before the first write)
 * c    coValueRowID id                                                                the coValue row coValueRowID is id
 * s    coValueRowID sessionID present rowID lastIdx lastSignature bytesSinceLastSignature
 *                                                                                     the session row is exactly this (present 0: absent)
 * l    key present holderSessionId acquiredAt releasedAt lastProcessedOffset          the lock row is exactly this
 * writes (cojson's tx calls)
 * U    coValueRowID sessionID lastIdx lastSignature bytesSinceLastSignature provisional
 *                                                                                     addSessionUpdate; provisional &lt; 0 names the rowID the
 *                                                                                     tab handed out for a new session, 0 none
 * T    sessionRowID idx txJson                                                        addTransaction (txJson stored as these bytes)
 * S    sessionRowID idx signature                                                     addSignatureAfter
 * D    id                                                                             markCoValueAsDeleted
 * L    key holderSessionId acquiredAt releasedAt lastProcessedOffset                  putStorageReconciliationLock
 * E    coValueRowID id                                                                deleteCoValueContent
 * </pre>
 *
 * {@code bytesSinceLastSignature} and {@code releasedAt} are -1 when absent. A sessionRowID &lt; 0 in
 * T and S is a provisional rowID of an earlier U of the same commit.
 *
 * <p>The answer is JSON: {@code {"rowIDs":[r1,r2,...]}}, the real rowID of provisional -1, -2, ...;
 * or, when a check failed (nothing was written), {@code {"conflict":true,"sessions":[...],"locks":[...]}}
 * with the current row (or null) of every s and l check in order, so the tab's retry needs no read;
 * or {@code {"conflict":true,"replaced":true}} when a coValue rowID no longer names the id the tab
 * knew (the store behind the tab was replaced): the tab must not retry with rowIDs it holds.
 *
 * <p>A check compares the row's stored bytes with the bytes of the row the tab saw, encoded the same
 * way ({@link SessionCodec}, {@link LockCodec}): equal values, equal bytes.
 */
final class TabCommit {
    private static final byte NUL = 0;

    private final byte[] in;
    private final int end;
    private int at;

    private TabCommit(byte[] commit, int length) {
        this.in = commit;
        this.end = length;
    }

    /** Applies {@code commit[0, length)} on {@code rows}; see the class comment for the format and the answer. */
    static JsonBytes apply(RowStore rows, byte[] commit, int length, JsonBytes out) {
        StoreException.check(commit != null && length >= 0 && length <= commit.length, "commit bytes are missing");
        return new TabCommit(commit, length).run(rows, out);
    }

    private JsonBytes run(RowStore rows, JsonBytes out) {
        try (RowTransaction tx = rows.begin()) {
            if (!checksHold(tx)) {
                tx.rollback();
                return conflict(rows, out);
            }
            long[] provisional = new long[4];
            int provisionals = 0;
            while (at < end) {
                byte tag = tag();
                switch (tag) {
                    case 'U': {
                        double coValue = number();
                        String sessionID = string();
                        double lastIdx = number();
                        String lastSignature = string();
                        double bytesSince = number();
                        double wanted = number();
                        double rowID = tx.addSessionUpdate(coValue, sessionID, lastIdx, lastSignature, bytesSince);
                        if (wanted < 0) {
                            int slot = (int) -wanted - 1;
                            StoreException.check(wanted == Math.floor(wanted) && slot == provisionals,
                                    "provisional session rowIDs must be -1, -2, ... in order, got " + wanted);
                            if (slot == provisional.length) {
                                long[] grown = new long[slot * 2];
                                System.arraycopy(provisional, 0, grown, 0, slot);
                                provisional = grown;
                            }
                            provisional[provisionals++] = (long) rowID;
                        }
                        break;
                    }
                    case 'T': {
                        double ses = real(number(), provisional, provisionals);
                        double idx = number();
                        int start = at;
                        int stop = fieldEnd();
                        tx.addTransaction(ses, idx, in, start, stop - start);
                        break;
                    }
                    case 'S':
                        tx.addSignatureAfter(real(number(), provisional, provisionals), number(), string());
                        break;
                    case 'D':
                        tx.markCoValueAsDeleted(string());
                        break;
                    case 'L':
                        tx.putStorageReconciliationLock(string(), string(), number(), number(), number());
                        break;
                    case 'E':
                        tx.deleteCoValueContent(number(), string());
                        break;
                    default:
                        throw StoreException.invalidArgument("a commit cannot carry record '" + (char) tag
                                + "' here (checks come first; writes are U T S D L E)");
                }
            }
            tx.commit();
            out.clear().ascii("{\"rowIDs\":[");
            for (int i = 0; i < provisionals; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                out.number(provisional[i]);
            }
            return out.ascii("]}");
        }
    }

    /** Reads every check record (they lead the commit); false at the first that does not hold. */
    private boolean checksHold(RowTransaction tx) {
        while (at < end && (in[at] == 'c' || in[at] == 's' || in[at] == 'l')) {
            byte tag = tag();
            if (tag == 'c') {
                if (!tx.coValueRowIs(number(), string())) {
                    return false;
                }
            } else if (tag == 's') {
                double coValue = number();
                String sessionID = string();
                boolean present = flag();
                double rowID = number();
                double lastIdx = number();
                String lastSignature = string();
                double bytesSince = number();
                byte[] seen = present
                        ? SessionCodec.encode(index(rowID), index(lastIdx), signedIndex(bytesSince), lastSignature)
                        : null;
                if (!tx.sessionBytesAre(coValue, sessionID, seen)) {
                    return false;
                }
            } else {
                String key = string();
                boolean present = flag();
                byte[] seen = null;
                if (present) {
                    String holder = string();
                    long acquiredAt = index(number());
                    long releasedAt = signedIndex(number());
                    seen = new LockCodec(holder, acquiredAt, releasedAt, index(number())).encode();
                } else {
                    skipFields(4);
                }
                if (!tx.lockBytesAre(key, seen)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The current rows of every s and l check, after a check failed: the tab's retry reads these. */
    private JsonBytes conflict(RowStore rows, JsonBytes out) {
        at = 0;
        JsonBytes sessions = new JsonBytes().ascii('[');
        JsonBytes locks = new JsonBytes().ascii('[');
        boolean replaced = false;
        while (at < end && (in[at] == 'c' || in[at] == 's' || in[at] == 'l')) {
            byte tag = tag();
            if (tag == 'c') {
                replaced |= !rows.coValueRowIs(number(), string());
            } else if (tag == 's') {
                double coValue = number();
                String sessionID = string();
                skipFields(5);
                if (sessions.length() > 1) {
                    sessions.ascii(',');
                }
                rows.appendSessionRow(sessions, coValue, sessionID);
            } else {
                String key = string();
                skipFields(5);
                if (locks.length() > 1) {
                    locks.ascii(',');
                }
                String lock = rows.lockJson(key);
                locks.ascii(lock == null ? "null" : lock);
            }
        }
        out.clear().ascii("{\"conflict\":true");
        if (replaced) {
            return out.ascii(",\"replaced\":true}");
        }
        out.ascii(",\"sessions\":");
        sessions.ascii(']');
        out.raw(sessions.array(), 0, sessions.length());
        out.ascii(",\"locks\":");
        locks.ascii(']');
        out.raw(locks.array(), 0, locks.length());
        return out.ascii('}');
    }

    private static double real(double sessionRowID, long[] provisional, int provisionals) {
        if (sessionRowID >= 0) {
            return sessionRowID;
        }
        int slot = (int) -sessionRowID - 1;
        if (!(sessionRowID == Math.floor(sessionRowID) && slot < provisionals)) {
            throw StoreException.invalidArgument("session rowID " + sessionRowID
                    + " was not returned by this transaction's addSessionUpdate");
        }
        return provisional[slot];
    }

    private byte tag() {
        byte tag = in[at];
        StoreException.check(at + 1 < end && in[at + 1] == NUL, "a commit record must start with a one-letter tag");
        at += 2;
        return tag;
    }

    private boolean flag() {
        return number() != 0;
    }

    private void skipFields(int n) {
        for (int i = 0; i < n; i++) {
            fieldEnd();
        }
    }

    /** The end of the field at {@code at}; moves past its NUL. */
    private int fieldEnd() {
        while (at < end && in[at] != NUL) {
            at++;
        }
        StoreException.check(at < end, "a commit field is not ended by NUL (the commit is cut)");
        return at++;
    }

    private String string() {
        int start = at;
        int stop = fieldEnd();
        return Keys.string(in, start, stop - start);
    }

    /**
     * A number as JS writes it: plain integers (every rowID, index and time cojson uses) are read
     * here digit by digit; anything else ("1.5", "1e+21", "NaN") goes through Double.parseDouble so
     * the row store's checks see the same value JS had and refuse it with the same message.
     */
    private double number() {
        int start = at;
        int stop = fieldEnd();
        int i = start;
        boolean negative = i < stop && in[i] == '-';
        if (negative) {
            i++;
        }
        if (i == stop || stop - i > 15) {
            return Double.parseDouble(Keys.string(in, start, stop - start));
        }
        long v = 0;
        for (; i < stop; i++) {
            int digit = in[i] - '0';
            if (digit < 0 || digit > 9) {
                return Double.parseDouble(Keys.string(in, start, stop - start));
            }
            v = v * 10 + digit;
        }
        return negative ? -v : v;
    }

    private static long index(double v) {
        return Args.index(v, "a checked row's number");
    }

    /** -1 (absent) or a non-negative integer. */
    private static long signedIndex(double v) {
        return v < 0 ? -1 : Args.index(v, "a checked row's number");
    }
}
