package cojson.storage.opfs.cojson;

import cojson.storage.opfs.engine.Dump;
import cojson.storage.opfs.engine.SalvageWalk;
import cojson.storage.opfs.io.BlockFile;
import java.util.Map;

/**
 * The dump of a cojson store's file: the engine's {@link Dump} with keys named by table, then
 * every cojson table in readable form (JSON texts as stored, long ones cut). The tables are read
 * with {@link SalvageWalk}, so a damaged file still shows what is readable. Never writes.
 */
public final class RowDump {
    /** Stored JSON texts longer than this are cut in the dump. */
    private static final int TEXT_CHARS = 160;

    private RowDump() {
    }

    public static String of(BlockFile file) {
        StringBuilder out = new StringBuilder(Dump.of(file, RowDump::key));
        SalvageWalk walk;
        try {
            walk = SalvageWalk.of(file);
        } catch (RuntimeException e) {
            return out.append("cojson tables: unreadable (").append(e.getMessage()).append(")\n").toString();
        }
        tables(walk, out);
        return out.toString();
    }

    /** A key as its table and fields, e.g. {@code t[ses 2, idx 5]}. */
    static String key(byte[] k) {
        if (k.length == 0) {
            return "(empty key)";
        }
        try {
            switch (k[Keys.TABLE]) {
                case Keys.COVALUE_BY_ROW, Keys.SESSION_BY_ROW:
                    if (k.length == Keys.ROW_ID_BYTES) {
                        return (char) k[Keys.TABLE] + "[rowID " + Keys.rowID(k) + "]";
                    }
                    break;
                case Keys.SESSION:
                    if (k.length >= Keys.SESSION_ID) {
                        return "s[coValue " + Keys.rowID(k) + ", " + Keys.sessionID(k) + "]";
                    }
                    break;
                case Keys.TRANSACTION, Keys.SIGNATURE:
                    if (k.length == Keys.ROW_ID_IDX_BYTES) {
                        return (char) k[Keys.TABLE] + "[ses " + Keys.rowID(k) + ", idx " + Keys.getUnsignedInt(k, Keys.IDX) + "]";
                    }
                    break;
                case Keys.UNSYNCED:
                    return "u[" + Keys.unsyncedId(k) + ", " + Keys.unsyncedPeer(k) + "]";
                case Keys.COVALUE_BY_ID, Keys.DELETED, Keys.LOCK, Keys.COUNTER, Keys.META:
                    return (char) k[Keys.TABLE] + "[" + Keys.text(k) + "]";
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // a key that does not fit its table's layout is shown raw
        }
        return Dump.quoted(k);
    }

    private static void tables(SalvageWalk walk, StringBuilder out) {
        int layout;
        byte[] recorded = walk.entries.get(Keys.withString(Keys.META, Keys.LAYOUT_VERSION_META));
        layout = recorded == null ? KeyLayout.UNRECORDED_VERSION : Integer.parseInt(Keys.string(recorded, 0, recorded.length));
        out.append("cojson tables (key layout version ").append(layout).append(recorded == null ? ", not recorded" : "")
                .append(walk.damage.isEmpty() ? "" : "; read past damage: " + walk.damage.size() + " problems above")
                .append("):\n");
        byte current = 0;
        int other = 0;
        for (Map.Entry<byte[], byte[]> e : walk.entries.entrySet()) {
            byte[] k = e.getKey();
            byte[] v = e.getValue();
            String row = row(k, v);
            if (row == null) {
                other++;
                continue;
            }
            if (k[Keys.TABLE] != current) {
                current = k[Keys.TABLE];
                out.append("  ").append(tableName(current)).append(":\n");
            }
            out.append("    ").append(row).append('\n');
        }
        if (other > 0) {
            out.append("  ").append(other).append(" entries outside the key layout\n");
        }
    }

    private static String tableName(byte table) {
        return switch (table) {
            case Keys.COVALUE_BY_ROW -> "coValues by rowID ('c')";
            case Keys.DELETED -> "deleted queue ('d')";
            case Keys.SIGNATURE -> "signatures ('g')";
            case Keys.COVALUE_BY_ID -> "coValues by id ('i')";
            case Keys.LOCK -> "reconciliation locks ('l')";
            case Keys.COUNTER -> "counters ('m')";
            case Keys.SESSION_BY_ROW -> "sessions by rowID ('r')";
            case Keys.SESSION -> "sessions ('s')";
            case Keys.TRANSACTION -> "transactions ('t')";
            case Keys.UNSYNCED -> "unsynced ('u')";
            case Keys.META -> "meta ('x')";
            default -> "table '" + (char) table + "'";
        };
    }

    /** One row in readable form, or null for an entry that does not fit the layout. */
    private static String row(byte[] k, byte[] v) {
        try {
            return switch (k[Keys.TABLE]) {
                case Keys.COVALUE_BY_ID -> Keys.text(k) + "  rowID " + Keys.coValueRowID(v) + "  header "
                        + text(v, Keys.COVALUE_HEADER);
                case Keys.COVALUE_BY_ROW -> "rowID " + Keys.rowID(k) + "  " + text(v, 0);
                case Keys.SESSION -> {
                    JsonBytes json = new JsonBytes();
                    SessionCodec.appendJson(json, Keys.rowID(k), Keys.sessionID(k), v);
                    yield json.toString();
                }
                case Keys.SESSION_BY_ROW -> "rowID " + Keys.rowID(k) + "  coValue " + Keys.getLong(v, Keys.SESSION_ROW_COVALUE)
                        + "  " + text(v, Keys.SESSION_ROW_SESSION_ID);
                case Keys.TRANSACTION -> "ses " + Keys.rowID(k) + " idx " + Keys.getUnsignedInt(k, Keys.IDX) + "  " + text(v, 0);
                case Keys.SIGNATURE -> "ses " + Keys.rowID(k) + " idx " + Keys.getUnsignedInt(k, Keys.IDX) + "  " + text(v, 0);
                case Keys.UNSYNCED -> Keys.unsyncedId(k) + "  peer " + Keys.unsyncedPeer(k);
                case Keys.DELETED -> Keys.text(k) + "  " + (v.length == 1 && v[0] == Keys.DELETE_DONE ? "done"
                        : v.length == 1 && v[0] == Keys.DELETE_PENDING ? "pending" : "status " + Dump.quoted(v));
                case Keys.LOCK -> LockCodec.decode(v).toJson(Keys.text(k));
                case Keys.COUNTER -> Keys.text(k) + " = " + Keys.counterValue(v);
                case Keys.META -> Keys.text(k) + " = " + text(v, 0);
                default -> null;
            };
        } catch (RuntimeException e) {
            return Dump.quoted(k) + "  (a value that does not fit its table: " + Dump.quoted(v) + ")";
        }
    }

    private static String text(byte[] v, int from) {
        String s = Keys.string(v, from, v.length - from);
        return s.length() <= TEXT_CHARS ? s : s.substring(0, TEXT_CHARS) + "... (" + s.length() + " chars)";
    }
}
