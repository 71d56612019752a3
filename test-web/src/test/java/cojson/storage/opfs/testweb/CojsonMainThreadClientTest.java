package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getOpfsStorage() on a page's main thread, as a Jazz app uses it: cojson's LocalNode writes an
 * account, a group and a CoMap through the package's owner worker, and a reloaded page reads them
 * back. And the isolation of two clients (two workers, one owning the file) writing one session.
 */
class CojsonMainThreadClientTest extends BrowserTest {
    private static final List<List<Object>> EDITS = List.of(
            List.of("title", "draft"),
            List.of("count", 1),
            List.of("title", "final ✓ 鍵"),
            List.of("count", 2),
            List.of("tags", List.of("opfs", "cojson")));

    /** One browser per class and browser kind (each test has its own store name): a launch costs seconds. */
    @TempDir
    static Path profilesDir;
    static BrowserContext browser;

    @BeforeAll
    static void bundle() {
        MainThreadClientPages.bundle();
    }

    @BeforeParameterizedClassInvocation
    static void launchBrowser(Browsers.Kind kind) {
        browser = Browsers.launch(playwright, profilesDir.resolve(kind.name()), kind);
    }

    @AfterParameterizedClassInvocation
    static void closeBrowser() {
        browser.close();
    }

    @ParameterizedTest(name = "a CoMap written through getOpfsStorage() on the {0} build comes back after the page reloads")
    @ValueSource(strings = { "wasm-gc", "js" })
    void aCoMapWrittenFromTheMainThreadComesBackAfterAReload(String engine) {
        String name = "main-thread-" + engine;
        Page page = MainThreadClientPages.open(browser, server);
        try {
            Map<String, Object> created = MainThreadClientPages.call(page, "cojsonCreate",
                    Map.of("name", name, "engine", engine, "edits", EDITS));
            assertEquals(engine, ((Map<?, ?>) created.get("stats")).get("engine"), "the requested build served the writes");

            page.reload();
            page.waitForFunction("() => typeof window.cojsonRead === 'function'");
            Map<String, Object> read = new LinkedHashMap<>(Map.of("name", name, "engine", engine));
            for (String credential : List.of("accountID", "accountSecret", "mapID")) {
                read.put(credential, created.get(credential));
            }
            Map<String, Object> loaded = MainThreadClientPages.call(page, "cojsonRead", read);
            assertEquals(Map.of("first", "edit", "title", "final ✓ 鍵", "count", 2, "tags", List.of("opfs", "cojson")),
                    loaded.get("fields"), "the CoMap as loaded after the reload");
            Map<?, ?> oneEdit = (Map<?, ?>) ((Map<?, ?>) created.get("roundTrips")).get("oneEdit");
            assertEquals(Map.of("commit", 1), oneEdit.get("byOp"), "an edit's upsert and session read are answered in the tab");
            assertEquals(1, ((Number) oneEdit.get("messages")).intValue(), "an edit is one round trip: " + oneEdit);
            Map<?, ?> load = (Map<?, ?>) loaded.get("roundTrips");
            Map<?, ?> loadRequests = (Map<?, ?>) load.get("byOp");
            assertEquals(List.of("getCoValue"), List.copyOf(loadRequests.keySet()),
                    "every read after a CoValue's getCoValue came with its answer: " + load);
            assertTrue(((Number) load.get("messages")).intValue() <= ((Number) loadRequests.get("getCoValue")).intValue(),
                    "at most one round trip per CoValue loaded: " + load);
            System.out.printf("main-thread client (%s): round trips: create a CoMap %s; one edit %s; load account + CoMap %s%n",
                    engine, ((Map<?, ?>) created.get("roundTrips")).get("createMap"),
                    ((Map<?, ?>) created.get("roundTrips")).get("oneEdit"), loaded.get("roundTrips"));
        } finally {
            page.close();
        }
    }

    @ParameterizedTest(name = "loading a CoValue of {0} sessions takes one round trip, storing it one per cojson transaction")
    @ValueSource(ints = { 1, 4, 32 })
    void loadingACoValueTakesOneRoundTripAndStoringItOnePerTransaction(int sessions) {
        Page page = MainThreadClientPages.open(browser, server);
        try {
            int transactions = 3;
            Map<String, Object> result = MainThreadClientPages.call(page, "sessionRoundTrips",
                    Map.of("name", "sessions-" + sessions, "engine", "auto", "sessions", sessions, "transactions", transactions));
            assertEquals(sessions * transactions, ((Number) result.get("loadedTransactions")).intValue(), "every transaction loaded");
            Map<?, ?> load = (Map<?, ?>) result.get("load");
            assertEquals(Map.of("getCoValue", 1), load.get("byOp"), "the requests of a load");
            assertEquals(Map.of("getCoValueSessions", 1, "getSignatures", sessions, "getNewTransactionInSession", sessions),
                    load.get("answeredLocally"), "the reads answered from getCoValue's answer");
            assertEquals(1, ((Number) load.get("messages")).intValue(), "round trips of a load: " + load);
            Map<?, ?> store = (Map<?, ?>) result.get("store");
            assertEquals(Map.of("upsertCoValue", 1, "commit", sessions * transactions), store.get("byOp"),
                    "the requests of the store: " + store);
            assertEquals(1 + sessions * transactions, ((Number) store.get("messages")).intValue(), "round trips of the store");
            System.out.printf("main-thread client: a CoValue of %d sessions x %d transactions: store %s; load %s%n",
                    sessions, transactions, store, load);
        } finally {
            page.close();
        }
    }

    @Test
    void aTabRoutedToAnotherTabsWorkerStoresEverythingAndItsCommitCostIsMeasured() {
        int count = 100;
        int rounds = 5;
        Page page = MainThreadClientPages.open(browser, server);
        try {
            Map<String, Object> result = MainThreadClientPages.call(page, "commitTimings",
                    Map.of("name", "timings", "engine", "auto", "count", count, "rounds", rounds));
            assertEquals(Collections.nCopies(2 * rounds, count), result.get("lastIdx"), "every session holds all its transactions");
            double ownerMs = ((Number) result.get("ownerMs")).doubleValue();
            double routedMs = ((Number) result.get("routedMs")).doubleValue();
            System.out.printf("main-thread client in %s (%s), %d sequential transactions x %d rounds, median ms per transaction "
                    + "(1 round trip + 1 durable commit): own worker owns the file %.3f; routed to another worker %.3f (%.2fx)%n",
                    browserKind, result.get("engine"), count, rounds, ownerMs, routedMs, routedMs / ownerMs);
        } finally {
            page.close();
        }
    }

    @Test
    void theMainThreadClientKeepsCojsonsAsyncContract() {
        Page page = MainThreadClientPages.open(browser, server);
        try {
            Map<String, Object> seen = MainThreadClientPages.call(page, "contractObservations",
                    Map.of("name", "contract", "engine", "auto"));
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("unknownCoValue", "undefined");
            expected.put("upsertWithoutHeaderOfUnknown", "undefined");
            expected.put("provisionalRowIDReadBackInTx", true);
            expected.put("sessionAfterCommit", Map.of("lastIdx", 2, "lastSignature", "signature_z2",
                    "bytesSinceLastSignature", 7, "rowIDIsReal", true));
            expected.put("transactions", List.of("zero", "one"));
            expected.put("signatures", List.of(Map.of("idx", 1, "signature", "signature_z2")));
            expected.put("failedTransaction", "callback failed");
            expected.put("waitingForDeleteAfterFailure", List.of());
            expected.put("nextTransactionResult", "next");
            expected.put("readInsideCallback", true);
            expected.put("commitsOfAReadOnlyTransaction", 0);
            expected.put("txAfterItsTransaction", "CLOSED");
            expected.put("headerTypeAfterMutation", "comap");
            expected.put("transactionsDuringErase", 1);
            expected.put("sessionsAfterErase", 0);
            expected.put("fireAndForgetAfterClose", "resolved");
            expected.put("readAfterClose", "CLOSED");
            assertEquals(expected, seen);
        } finally {
            page.close();
        }
    }

    @Test
    void twoClientsWritingOneSessionConflictAndRetryInsteadOfOverwritingEachOther() {
        int count = 25;
        Page page = MainThreadClientPages.open(browser, server);
        try {
            Map<String, Object> result = MainThreadClientPages.call(page, "conflictingWriters",
                    Map.of("name", "conflicts", "engine", "auto", "count", count));
            Map<?, ?> session = (Map<?, ?>) result.get("session");
            List<?> keys = (List<?>) session.get("keys");
            List<String> expected = new ArrayList<>(List.of("b-0", "a-0"));
            for (int i = 1; i <= count; i++) {
                expected.add("a-" + i);
                expected.add("b-" + i);
            }
            assertEquals(expected.size(), ((Number) session.get("lastIdx")).intValue(), "lastIdx counts every transaction");
            assertEquals(List.of("b-0", "a-0"), keys.subList(0, 2),
                    "b's commit between a's read and a's commit comes first; a's transaction ran again after it");
            assertEquals(new HashSet<>(expected), new HashSet<>(keys), "every transaction of both clients, none twice");
            assertEquals(expected.size(), keys.size(), "no transaction stored twice");
            Map<?, ?> a = (Map<?, ?>) result.get("a");
            Map<?, ?> b = (Map<?, ?>) result.get("b");
            assertTrue(((Number) a.get("conflicts")).intValue() >= 1, "a's first commit conflicted: " + a);
            assertNotEquals(0, ((Number) b.get("commits")).intValue());
            System.out.printf("two clients on one session: a %s; b %s%n", a, b);
        } finally {
            page.close();
        }
    }
}
