package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.engine.Format;
import cojson.storage.opfs.engine.SalvageWalk;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.MemoryFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Salvage of damaged cojson stores: a store of many CoValues (several sessions, signatures, values
 * large enough for overflow pages, sync and delete state) is damaged page by page, and
 * {@link RowSalvage} must export every CoValue exactly as it was or not at all, and must export
 * every CoValue that no damaged page covered (a page covers the key range its parent gives it).
 */
class RowSalvageTest {
    private static final int COVALUES = 80;
    private static final Pattern ROW_ID = Pattern.compile("\"rowID\":(\\d+)");

    private static byte[] image;
    /** id → everything the contract's reads return for it, as text. */
    private static final Map<String, String> dumps = new LinkedHashMap<>();
    /** id → the key prefixes its rows live under. */
    private static final Map<String, List<byte[]>> keyGroups = new LinkedHashMap<>();

    @BeforeAll
    static void buildStore() {
        Random random = new Random(7);
        MemoryFile file = new MemoryFile();
        try (RowStore rows = RowStore.open(file, StoreOptions.defaults())) {
            for (int n = 0; n < COVALUES; n++) {
                String id = "co_zSalvage" + n;
                double row = rows.upsertCoValue(id, "{\"type\":\"comap\",\"ruleset\":{\"type\":\"unsafeAllowAll\"},\"meta\":null,\"uniqueness\":\"u" + n + "\"}");
                int sessions = 1 + random.nextInt(3);
                for (int j = 0; j < sessions; j++) {
                    int count = 1 + random.nextInt(40);
                    try (RowTransaction tx = rows.begin()) {
                        double ses = tx.addSessionUpdate(row, id + "_session_z" + j, count, "signature_z" + n + "x" + j, count * 10);
                        for (int i = 0; i < count; i++) {
                            int size = random.nextInt(50) == 0 ? 9000 : 50 + random.nextInt(300);
                            tx.addTransaction(ses, i, "{\"privacy\":\"trusting\",\"madeAt\":" + (1732480000123L + i)
                                    + ",\"changes\":\"" + "x".repeat(size) + "\"}");
                        }
                        if (random.nextBoolean()) {
                            tx.addSignatureAfter(ses, count - 1, "signature_z" + n + "s" + j);
                        }
                        if (n % 9 == 0 && j == 0) {
                            tx.markCoValueAsDeleted(id);
                        }
                        tx.commit();
                    }
                }
                if (n % 7 == 0) {
                    rows.trackCoValuesSyncState(new String[] { id }, new String[] { "peer" }, new boolean[] { false });
                }
            }
        }
        image = file.snapshot();
        try (RowStore rows = RowStore.open(MemoryFile.of(image), StoreOptions.defaults().readOnly(true))) {
            for (int n = 0; n < COVALUES; n++) {
                String id = "co_zSalvage" + n;
                dumps.put(id, dump(rows, id));
                keyGroups.put(id, keyGroups(rows, id));
            }
        }
    }

    @Test
    void anUndamagedStoreIsExportedWhole() {
        RowSalvage salvage = RowSalvage.of(MemoryFile.of(image));
        assertEquals(new ArrayList<>(dumps.keySet()), salvage.intact);
        assertEquals(List.of(), salvage.damaged);
        assertExportedExactly(salvage);
    }

    @Test
    void aDamagedHeaderSlotIsReadFromTheOther() {
        byte[] damaged = image.clone();
        damaged[Format.OFFSET_ROOT + 3] ^= 0x40;
        RowSalvage salvage = RowSalvage.of(MemoryFile.of(damaged));
        assertEquals(COVALUES, salvage.intact.size(), salvage.report);
        assertTrue(salvage.report.contains("header slot 0 is not a valid header"), salvage.report);
    }

    @Test
    void damagedPagesLoseOnlyTheCoValuesTheyCoveredAndNothingExportedIsWrong() {
        List<SalvageWalk.PageSpan> spans = SalvageWalk.of(MemoryFile.of(image)).pages;
        // Transactions fill most pages; the small tables (sessions, signatures, ids, sync and delete
        // state), where only the lost key ranges reveal a loss, get every other hit.
        List<SalvageWalk.PageSpan> smallTables = spans.stream()
                .filter(s -> s.from == null || s.to == null || s.from[0] != Keys.TRANSACTION || s.to[0] != Keys.TRANSACTION)
                .toList();
        int pageSize = StoreOptions.defaults().pageSize();
        int trials = 60;
        int exportedTotal = 0;
        int expectedTotal = 0;
        for (int trial = 0; trial < trials; trial++) {
            Random random = new Random(1000 + trial);
            byte[] damaged = image.clone();
            List<SalvageWalk.PageSpan> hit = new ArrayList<>();
            for (int d = 1 + random.nextInt(3); d > 0; d--) {
                List<SalvageWalk.PageSpan> from = random.nextBoolean() ? smallTables : spans;
                SalvageWalk.PageSpan span = from.get(random.nextInt(from.size()));
                hit.add(span);
                int at = (int) (span.pageId * pageSize) + random.nextInt(pageSize);
                damaged[at] ^= (byte) (1 << random.nextInt(8));
            }
            String where = "trial " + trial + " (seed " + (1000 + trial) + ")";
            RowSalvage salvage = RowSalvage.of(MemoryFile.of(damaged));
            Set<String> expected = new TreeSet<>();
            for (Map.Entry<String, List<byte[]>> e : keyGroups.entrySet()) {
                if (hit.stream().noneMatch(s -> e.getValue().stream().anyMatch(p -> SalvageWalk.meets(s.from, s.to, p)))) {
                    expected.add(e.getKey());
                }
            }
            Set<String> exported = new HashSet<>(salvage.intact);
            assertTrue(exported.containsAll(expected), where + ": CoValues no damaged page covered were lost: "
                    + minus(expected, exported) + "\n" + salvage.report);
            assertExportedExactly(salvage);
            exportedTotal += exported.size();
            expectedTotal += expected.size();
        }
        System.out.printf("salvage: %d trials of 1-3 damaged pages among %d, %d CoValues each: %d exported"
                + " (%d provably untouched), every one exact%n", trials, spans.size(), COVALUES, exportedTotal, expectedTotal);
    }

    private static void assertExportedExactly(RowSalvage salvage) {
        try (RowStore rows = RowStore.open(MemoryFile.of(salvage.bytes), StoreOptions.defaults())) {
            rows.store().verify();
            assertEquals(salvage.intact.size(), (int) rows.getCoValueCount());
            for (String id : salvage.intact) {
                String exported = dump(rows, id);
                assertTrue(dumps.get(id).equals(exported), "exported " + id + " differs from the original: "
                        + exported.substring(0, Math.min(300, exported.length())));
            }
            // rowIDs are never reused: a new CoValue gets a rowID past every one exported.
            long highest = 0;
            for (String id : salvage.intact) {
                highest = Math.max(highest, firstRowID(String.valueOf(rows.getCoValue(id))));
            }
            double fresh = rows.upsertCoValue("co_zNewAfterSalvage", "{}");
            assertTrue(fresh > highest, "new rowID " + fresh + ", exported rowIDs up to " + highest);
        }
    }

    private static String dump(RowStore rows, String id) {
        JsonBytes found = rows.getCoValue(id);
        String coValue = found == null ? null : found.toString();
        if (coValue == null) {
            return "absent";
        }
        StringBuilder out = new StringBuilder(coValue);
        long row = firstRowID(coValue);
        String sessions = rows.getCoValueSessions(row).toString();
        out.append(sessions);
        Matcher m = ROW_ID.matcher(sessions);
        while (m.find()) {
            long ses = Long.parseLong(m.group(1));
            out.append(rows.getNewTransactionInSession(ses, 0, 1e9)).append(rows.getSignatures(ses, 0));
        }
        out.append(rows.getUnsyncedCoValueIDs().contains("\"" + id + "\"") ? " unsynced" : "");
        out.append(rows.getAllCoValuesWaitingForDelete().contains("\"" + id + "\"") ? " deleting" : "");
        return out.toString();
    }

    private static List<byte[]> keyGroups(RowStore rows, String id) {
        long row = firstRowID(String.valueOf(rows.getCoValue(id)));
        List<byte[]> groups = new ArrayList<>(List.of(Keys.withString(Keys.COVALUE_BY_ID, id),
                Keys.withLong(Keys.COVALUE_BY_ROW, row), Keys.withLong(Keys.SESSION, row),
                Keys.withString(Keys.DELETED, id), Keys.unsyncedPrefix(id)));
        Matcher m = ROW_ID.matcher(rows.getCoValueSessions(row).toString());
        while (m.find()) {
            long ses = Long.parseLong(m.group(1));
            groups.add(Keys.withLong(Keys.SESSION_BY_ROW, ses));
            groups.add(Keys.withLong(Keys.TRANSACTION, ses));
            groups.add(Keys.withLong(Keys.SIGNATURE, ses));
        }
        return groups;
    }

    private static long firstRowID(String json) {
        Matcher m = ROW_ID.matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
