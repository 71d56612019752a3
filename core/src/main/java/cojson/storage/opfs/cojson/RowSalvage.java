package cojson.storage.opfs.cojson;

import cojson.storage.opfs.engine.Bytes;
import cojson.storage.opfs.engine.SalvageWalk;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.MemoryFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Read-only salvage of a damaged cojson store: every CoValue that is provably complete, copied
 * byte for byte into a fresh, valid store. {@link SalvageWalk} reads what the engine can of the
 * file and says which key ranges may have lost entries; a CoValue is kept only if its id rows
 * agree, none of its key ranges (its session list, each session's transactions and signatures)
 * meets a lost range, every session holds exactly its transactions {@code 0..lastIdx-1}, and every
 * signature lies below lastIdx. Everything else is reported as damaged, by id where the id is
 * readable. rowIDs keep their values; the counters continue past every rowID seen, so none is reused.
 */
public final class RowSalvage {
    /** The fresh store's file bytes: openable as a store, holding only the intact CoValues. */
    public final byte[] bytes;
    public final List<String> intact = new ArrayList<>();
    public final List<String> damaged = new ArrayList<>();
    public final String report;

    private final SalvageWalk walk;
    private final TreeMap<byte[], byte[]> rows;
    private final StringBuilder notes = new StringBuilder();

    private RowSalvage(BlockFile file) {
        this.walk = SalvageWalk.of(file);
        this.rows = walk.entries;
        this.bytes = export();
        StringBuilder r = new StringBuilder()
                .append("header: ").append(walk.header).append('\n')
                .append("pages read: ").append(walk.pagesRead).append(", log frames replayed: ").append(walk.logFrames).append('\n');
        for (String d : walk.damage) {
            r.append("damaged: ").append(d).append('\n');
        }
        r.append(notes);
        r.append("coValues: ").append(intact.size()).append(" intact, ").append(damaged.size()).append(" damaged\n");
        this.report = r.toString();
    }

    /** {@code {"intact":[ids],"damaged":[ids or descriptions],"report":text}}, for the JS glue. */
    public String summaryJson() {
        StringBuilder out = new StringBuilder("{\"intact\":");
        appendList(out, intact);
        out.append(",\"damaged\":");
        appendList(out, damaged);
        out.append(",\"report\":");
        Json.quote(out, report);
        return out.append('}').toString();
    }

    private static void appendList(StringBuilder out, List<String> items) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.quote(out, items.get(i));
        }
        out.append(']');
    }

    /** Salvages {@code file} without writing to it; the caller keeps ownership of the file. */
    public static RowSalvage of(BlockFile file) {
        return new RowSalvage(file);
    }

    private byte[] export() {
        TreeMap<Long, String> idByRow = new TreeMap<>();
        TreeSet<Long> coValueRows = new TreeSet<>();
        long maxSessionRow = 0;
        for (Map.Entry<byte[], byte[]> e : rows.entrySet()) {
            byte[] k = e.getKey();
            switch (k[Keys.TABLE]) {
                case Keys.COVALUE_BY_ID -> {
                    if (e.getValue().length >= Keys.COVALUE_HEADER) {
                        coValueRows.add(Keys.coValueRowID(e.getValue()));
                    }
                }
                case Keys.COVALUE_BY_ROW -> {
                    if (k.length == Keys.ROW_ID_BYTES) {
                        idByRow.put(Keys.rowID(k), Keys.string(e.getValue(), 0, e.getValue().length));
                        coValueRows.add(Keys.rowID(k));
                    }
                }
                case Keys.SESSION -> {
                    if (k.length > Keys.SESSION_ID) {
                        coValueRows.add(Keys.rowID(k));
                    }
                }
                case Keys.SESSION_BY_ROW -> {
                    if (k.length == Keys.ROW_ID_BYTES) {
                        maxSessionRow = Math.max(maxSessionRow, Keys.rowID(k));
                    }
                }
                default -> { }
            }
        }
        MemoryFile out = new MemoryFile();
        try (Store fresh = Store.open(out)) {
            for (long row : coValueRows) {
                String id = idByRow.get(row);
                List<byte[]> keys = new ArrayList<>();
                String problem = check(row, id, keys);
                if (problem == null) {
                    try (WriteBatch b = fresh.begin()) {
                        for (byte[] key : keys) {
                            b.put(key, rows.get(key));
                        }
                        b.commit();
                    }
                    intact.add(id);
                } else {
                    String name = id != null ? id : "coValue row " + row + " (its id is unreadable)";
                    damaged.add(name);
                    notes.append("not exported: ").append(name).append(": ").append(problem).append('\n');
                }
            }
            try (WriteBatch b = fresh.begin()) {
                long lastCoValueRow = coValueRows.isEmpty() ? 0 : coValueRows.last();
                b.put(Keys.NEXT_COVALUE_ROW, Keys.longValue(Math.max(counter(Keys.NEXT_COVALUE_ROW), lastCoValueRow + 1)));
                b.put(Keys.NEXT_SESSION_ROW, Keys.longValue(Math.max(counter(Keys.NEXT_SESSION_ROW), maxSessionRow + 1)));
                b.put(Keys.COVALUE_COUNT, Keys.longValue(intact.size()));
                b.commit();
            }
        }
        return out.snapshot();
    }

    /** Why CoValue {@code row} is not provably complete, or null; fills {@code keys} with its rows. */
    private String check(long row, String id, List<byte[]> keys) {
        if (id == null) {
            return "its row by rowID is lost";
        }
        byte[] byId = Keys.withString(Keys.COVALUE_BY_ID, id);
        byte[] idValue = rows.get(byId);
        if (idValue == null || idValue.length < Keys.COVALUE_HEADER || Keys.coValueRowID(idValue) != row) {
            return "its row by id is lost or names another rowID";
        }
        keys.add(byId);
        keys.add(Keys.withLong(Keys.COVALUE_BY_ROW, row));
        byte[] sessionsPrefix = Keys.withLong(Keys.SESSION, row);
        if (!walk.intactPrefix(sessionsPrefix)) {
            return "its session list lies in a damaged range";
        }
        for (Map.Entry<byte[], byte[]> s : prefixed(sessionsPrefix).entrySet()) {
            String sessionID = Keys.sessionID(s.getKey());
            String problem = checkSession(row, sessionID, s.getValue(), keys);
            if (problem != null) {
                return "session " + sessionID + ": " + problem;
            }
            keys.add(s.getKey());
        }
        byte[] deleted = Keys.withString(Keys.DELETED, id);
        byte[] unsynced = Keys.unsyncedPrefix(id);
        if (!walk.intactPrefix(deleted) || !walk.intactPrefix(unsynced)) {
            return "its delete status or sync state lies in a damaged range";
        }
        if (rows.containsKey(deleted)) {
            keys.add(deleted);
        }
        keys.addAll(prefixed(unsynced).keySet());
        return null;
    }

    private String checkSession(long coValueRow, String sessionID, byte[] value, List<byte[]> keys) {
        if (value.length < SessionCodec.MIN_BYTES) {
            return "its row is too short";
        }
        long sessionRow = SessionCodec.rowID(value);
        long lastIdx = SessionCodec.lastIdx(value);
        byte[] byRow = Keys.withLong(Keys.SESSION_BY_ROW, sessionRow);
        byte[] byRowValue = rows.get(byRow);
        if (byRowValue == null || !Arrays.equals(byRowValue, Keys.sessionByRow(coValueRow, sessionID))) {
            return "its row by rowID " + sessionRow + " is lost or disagrees";
        }
        keys.add(byRow);
        byte[] txPrefix = Keys.withLong(Keys.TRANSACTION, sessionRow);
        byte[] sigPrefix = Keys.withLong(Keys.SIGNATURE, sessionRow);
        if (!walk.intactPrefix(txPrefix) || !walk.intactPrefix(sigPrefix)) {
            return "its transactions or signatures lie in a damaged range";
        }
        long idx = 0;
        for (byte[] k : prefixed(txPrefix).keySet()) {
            if (k.length != Keys.ROW_ID_IDX_BYTES || Keys.getUnsignedInt(k, Keys.IDX) != idx) {
                return "transaction " + idx + " of " + lastIdx + " is missing";
            }
            idx++;
            keys.add(k);
        }
        if (idx != lastIdx) {
            return idx + " transactions stored for lastIdx " + lastIdx;
        }
        for (byte[] k : prefixed(sigPrefix).keySet()) {
            if (k.length != Keys.ROW_ID_IDX_BYTES || Keys.getUnsignedInt(k, Keys.IDX) >= lastIdx) {
                return "a signature lies past lastIdx " + lastIdx;
            }
            keys.add(k);
        }
        return null;
    }

    private SortedMap<byte[], byte[]> prefixed(byte[] prefix) {
        byte[] end = Bytes.prefixEnd(prefix);
        return end == null ? rows.tailMap(prefix, true) : rows.subMap(prefix, end);
    }

    private long counter(byte[] key) {
        byte[] v = rows.get(key);
        return v == null || v.length < Keys.COUNTER_VALUE + 8 ? 0 : Keys.counterValue(v);
    }
}
