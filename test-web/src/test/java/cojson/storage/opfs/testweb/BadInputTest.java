package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed calls at every public entry, in a dedicated worker on a real OPFS file
 * (site/crash/bad-input-worker.js): wrong types, out-of-range numbers, oversized values, values JSON
 * cannot hold, missing fields, a tx kept past its transaction(), a closed handle, bad options of
 * openOpfsStore and openMemoryStore, on both the sync and the async client. Each must fail with an
 * Error carrying the code below, and leave the store's bytes and the OPFS folder unchanged (a failed
 * transaction leaves no trace). Not malformed, so not here: a toIdx below fromIdx (an empty range)
 * or of Infinity (to the end), which getNewTransactionInSession reads as bounds. Complements
 * worker-js/test/node/badInput.test.mjs, which covers the Node and memory entries.
 */
class BadInputTest extends BrowserTest {
    private static final String IA = "INVALID_ARGUMENT";
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        for (String name : List.of(
                "client.getCoValue(undefined)",
                "client.getCoValue({})",
                "client.getCoValue(id of 600 characters)",
                "client.getNewTransactionInSession(ses, -1, 5)",
                "client.getNewTransactionInSession(ses, 0.5, 5)",
                "client.getNewTransactionInSession(ses, 0, NaN)",
                "client.getNewTransactionInSession(ses, 0, \"5\")",
                "client.getNewTransactionInSession(ses, 2^53, 2^53 + 2)",
                "client.getSignatures(ses, \"0\")",
                "client.getCoValueIDs(1e300, 0)",
                "client.getCoValueSessions(0)",
                "client.upsertCoValue(id, header with a BigInt)",
                "client.upsertCoValue(id, cyclic header)",
                "client.upsertCoValue(id, a function)",
                "client.upsertCoValue(id, header of 32 Mi characters)",
                "client.upsertCoValue(\"\", header)",
                "client.transaction(\"not a function\")",
                "client.trackCoValuesSyncState([{ id: 1, peerId, synced }])",
                "client.renewStorageReconciliationLock(s, p, -1)",
                "tx.addTransaction(ses, 3, tx with a BigInt madeAt)",
                "tx.addTransaction(ses, 3, cyclic tx)",
                "tx.addTransaction(ses, 3, undefined)",
                "tx.addTransaction(ses, 3, a JSON string)",
                "tx.addTransaction(ses, 2^32, tx)",
                "tx.addTransaction(ses, NaN, tx)",
                "tx.addTransaction(999, 3, tx): an unknown session",
                "tx.addTransaction after a valid write in the same transaction",
                "tx.addSessionUpdate({})",
                "tx.addSessionUpdate(lastIdx -1)",
                "tx.addSessionUpdate(lastIdx 1.5)",
                "tx.addSignatureAfter without a signature",
                "tx.putStorageReconciliationLock({ key })",
                "tx.markCoValueAsDeleted(5)",
                "asyncClient.getCoValue(5)",
                "asyncClient.getNewTransactionInSession(ses, -1, 5)",
                "asyncClient.upsertCoValue(id, cyclic header)",
                "asyncClient.transaction: a valid write, then a BigInt tx",
                "asyncClient.transaction: deleteCoValueContent({ rowID: -1 })",
                "asyncClient.trackCoValuesSyncState(\"co_zA\")",
                "openOpfsStore(\"a name\")",
                "openOpfsStore({ name: 5 })",
                "openOpfsStore({ name: \"\" })",
                "openOpfsStore({ name: \"a/b\" })",
                "openOpfsStore({ name: \"..\" })",
                "openOpfsStore({ engine: \"rust\" })",
                "openMemoryStore({ bytes: \"abc\" })",
                "openMemoryStore({ name: 5 })")) {
            EXPECTED.put(name, IA);
        }
        for (String name : List.of(
                "a tx kept past its transaction(): addTransaction",
                "an async tx kept past its transaction(): addTransaction",
                "closed handle: client.getCoValue",
                "closed handle: client.transaction",
                "closed handle: asyncClient.getCoValueCount",
                "closed handle: exportBytes()",
                "closed handle: verify()")) {
            EXPECTED.put(name, "CLOSED");
        }
        // A new store is a zero-length file, or a creation a crash cut short (no longer than the
        // second header slot, its first 4 KiB zero); any other bytes without a valid header are damage.
        EXPECTED.put("openMemoryStore({ bytes: 100 bytes of 0x5a })", "CORRUPT");
        EXPECTED.put("openMemoryStore({ bytes: 40000 bytes of 0x5a })", "CORRUPT");
    }

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build("crash/bad-input-worker.js");
    }

    @ParameterizedTest(name = "on the {0} build, every malformed call fails with its code and changes nothing")
    @ValueSource(strings = { "wasm-gc", "js" })
    @SuppressWarnings("unchecked")
    void everyMalformedCallFailsWithItsCodeAndChangesNothing(String engine, @TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/crash/bad-input.html"));
            List<Map<String, Object>> results = (List<Map<String, Object>>) page.evaluate(
                    "request => runWorker('/pkg/target/bad-input-worker.js', request)",
                    Map.of("name", "bad-input-" + engine, "engine", engine));
            StringBuilder table = new StringBuilder("bad input on " + engine + ": " + results.size() + " cases\n");
            List<String> wrong = new ArrayList<>();
            for (Map<String, Object> r : results) {
                String name = (String) r.get("name");
                String code = (String) r.get("code");
                boolean unchanged = Boolean.TRUE.equals(r.get("unchanged"));
                table.append(String.format("  %-66s -> %s%s%n", name, code, unchanged ? "" : " (CHANGED THE STORE)"));
                if (!code.equals(EXPECTED.get(name)) || !unchanged) {
                    wrong.add(name + ": expected " + EXPECTED.get(name) + ", got " + code + " " + r.get("error")
                            + (unchanged ? "" : ", and the store changed"));
                }
            }
            System.out.print(table);
            assertEquals(EXPECTED.keySet(), results.stream().map(r -> r.get("name")).collect(
                    java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)), "the cases run are the cases expected");
            assertTrue(results.size() >= 30, "at least 30 cases");
            assertEquals(List.of(), wrong, "cases with a wrong code or a changed store");
        }
    }
}
