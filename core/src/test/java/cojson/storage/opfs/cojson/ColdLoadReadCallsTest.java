package cojson.storage.opfs.cojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.io.CountingFile;
import cojson.storage.opfs.io.MemoryFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A cold load reads ahead: the leaves a session's transactions span are read in runs, not one
 * read call per 4 KiB page (the 10k-edit CoMap took 991 calls before read-ahead). Counted at the
 * file, and by stats().readCalls, which the browser build reports the same way.
 */
class ColdLoadReadCallsTest {
    private static final Pattern SESSION = Pattern.compile("\"rowID\":(\\d+).*?\"lastIdx\":(\\d+)");

    /** cojson's load: the coValue, its sessions, each session's transactions and signatures. */
    static int load(RowStore rows, String id) {
        long rowID = (long) rows.upsertCoValue(id, null);
        assertTrue(rows.getCoValue(id) != null);
        Matcher m = SESSION.matcher(rows.getCoValueSessions(rowID).toString());
        int transactions = 0;
        while (m.find()) {
            long ses = Long.parseLong(m.group(1));
            long lastIdx = Long.parseLong(m.group(2));
            String txs = rows.getNewTransactionInSession(ses, 0, lastIdx - 1).toString();
            transactions += txs.split("\"idx\":", -1).length - 1;
            rows.getSignatures(ses, 0);
        }
        return transactions;
    }

    @Test
    void coldLoadOfTenThousandTransactionsReadsInAFewDozenCallsNotOnePerPage() {
        StoreOptions options = StoreOptions.defaults().saltSeed(5);
        MemoryFile file = new MemoryFile();
        String id;
        try (RowStore rows = RowStore.open(file, options)) {
            id = new CojsonShapedWrites(rows, 5).editsOfOneCoValue(10_000);
        }
        CountingFile counted = new CountingFile(MemoryFile.of(file.snapshot()));
        try (RowStore cold = new RowStore(Store.open(counted, options))) {
            long before = counted.readCalls();
            long statsBefore = cold.store().stats().readCalls;
            int transactions = load(cold, id);
            long calls = counted.readCalls() - before;
            long pages = file.snapshot().length / 4096;
            System.out.printf("[read-ahead] cold load of %d transactions from a %d-page file: %d read calls%n",
                    transactions, pages, calls);
            assertEquals(10_000, transactions);
            assertEquals(calls, cold.store().stats().readCalls - statsBefore);
            assertTrue(calls <= 40, calls + " read calls for a cold load of " + pages + " pages");
        }
    }
}
