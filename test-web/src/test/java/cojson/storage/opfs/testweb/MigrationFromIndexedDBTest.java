package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * migrateFromIndexedDB against the real cojson-storage-indexeddb: a LocalNode writes an account, a
 * group, CoMaps, CoLists, a CoMap with 300 edits and a binary stream with checkpoint signatures
 * into IndexedDB; workers migrate that into OPFS stores; then every CoValue must load through
 * cojson from the OPFS store alone exactly as it loads from IndexedDB, the store's rows must equal
 * the database's, and the database must be byte-for-byte what it was. The data is written once per
 * class and browser (a few seconds), in one browser profile; each test migrates into its own OPFS file.
 */
class MigrationFromIndexedDBTest extends BrowserTest {
    private static final String DB = "jazz-storage";

    private static Path profileDir;
    private static BrowserContext browser;
    private static Page page;
    private static Map<String, Object> credentials;
    private static Map<String, Object> source;
    private static String rawBefore;

    @BeforeAll
    static void bundle() {
        MigrationBundle.build();
    }

    @BeforeParameterizedClassInvocation
    static void writeIndexedDbWithRealCojson(Browsers.Kind kind) throws IOException {
        profileDir = Files.createTempDirectory("migration-profile");
        browser = Browsers.launch(playwright, profileDir, kind);
        page = browser.newPage();
        page.navigate(server.url("/site/migration/migration.html"));
        long started = System.nanoTime();
        credentials = run(Map.of("op", "write", "db", DB));
        System.out.printf("cojson-storage-indexeddb in %s wrote %d CoValues in %.0f ms%n",
                kind, ids().size(), (System.nanoTime() - started) / 1e6);
        source = run(with(credentials, "op", "source", "db", DB));
        rawBefore = (String) run(Map.of("op", "raw", "db", DB)).get("dump");
    }

    @AfterParameterizedClassInvocation
    static void closeBrowser() throws IOException {
        browser.close();
        try (var files = Files.walk(profileDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @AfterEach
    void theIndexedDbDatabaseIsUnchanged() {
        assertEquals(rawBefore, run(Map.of("op", "raw", "db", DB)).get("dump"),
                "every object store of the IndexedDB database, rowIDs and all, is as it was before the migration");
    }

    @Test
    void anAbortedMigrationResumesSkippingWhatItCopiedAndThenReportsAlreadyDone() {
        String name = "migrated-after-abort";
        // The first report comes before any CoValue, the second after the first page of 100.
        Map<String, Object> aborted = run(Map.of("op", "migrate", "db", DB, "name", name, "abortAfterProgress", 2));
        assertEquals("ABORTED", map(aborted.get("error")).get("code"), () -> "aborted: " + aborted);
        int copiedBeforeAbort = number(list(aborted.get("progress")).get(1).get("done"));
        assertEquals(100, copiedBeforeAbort);

        Map<String, Object> resumedAnswer = run(Map.of("op", "migrate", "db", DB, "name", name));
        Map<String, Object> resumed = result(resumedAnswer);
        assertEquals(false, resumed.get("alreadyDone"));
        assertEquals(copiedBeforeAbort, number(resumed.get("skipped")), "what the aborted run copied is skipped");
        assertEquals(sourceCoValues() - copiedBeforeAbort, number(resumed.get("coValues")));
        List<Map<String, Object>> reports = list(resumedAnswer.get("progress"));
        assertEquals(Map.of("done", sourceCoValues(), "total", sourceCoValues(), "phase", "done"),
                reports.get(reports.size() - 1), "the last report says done");

        Map<String, Object> again = result(run(Map.of("op", "migrate", "db", DB, "name", name)));
        assertEquals(true, again.get("alreadyDone"));
        assertEquals(0, number(again.get("coValues")));

        assertTheStoreHoldsWhatIndexedDbHolds(name);
    }

    @Test
    void aWorkerTerminatedMidMigrationLeavesAStoreTheNextRunCompletes() {
        String name = "migrated-after-terminate";
        Map<String, Object> killed = map(page.evaluate("([request, after]) => migrateAndTerminate(request, after)",
                List.of(Map.of("db", DB, "name", name), 2)));
        assertEquals(true, killed.get("terminated"), "the worker was terminated before the migration ended");

        Map<String, Object> resumed = result(run(Map.of("op", "migrate", "db", DB, "name", name)));
        assertEquals(false, resumed.get("alreadyDone"));
        assertEquals(sourceCoValues(), number(resumed.get("coValues")) + number(resumed.get("skipped")));
        System.out.printf("a migration terminated after its second report (page 1) had copied %d of %d CoValues%n",
                number(resumed.get("skipped")), sourceCoValues());
        assertTheStoreHoldsWhatIndexedDbHolds(name);
    }

    @Test
    void aFullMigrationCopiesEveryRowAndReportsItsSpeed() {
        Map<String, Object> full = run(Map.of("op", "migrate", "db", DB, "name", "migrated-in-one-go"));
        Map<String, Object> result = result(full);
        int transactions = 0;
        int signatures = 0;
        int sessions = 0;
        for (Object coValue : map(map(source.get("rows")).get("coValues")).values()) {
            for (Object session : map(map(coValue).get("sessions")).values()) {
                sessions++;
                transactions += ((List<?>) map(session).get("txs")).size();
                signatures += ((List<?>) map(session).get("signatures")).size();
            }
        }
        assertEquals(sourceCoValues(), number(result.get("coValues")));
        assertEquals(0, number(result.get("skipped")));
        assertEquals(sessions, number(result.get("sessions")));
        assertEquals(transactions, number(result.get("transactions")));
        assertEquals(signatures, number(result.get("signatures")));
        assertTrue(signatures > 0, "the data set has checkpoint signatures");
        assertTheStoreHoldsWhatIndexedDbHolds("migrated-in-one-go");

        // Timed: medians of 5 migrations into fresh files, next to 5 reads of every row through
        // cojson-storage-indexeddb's own client, alternating, in the same browser.
        List<Double> migrations = new java.util.ArrayList<>(List.of(((Number) result.get("ms")).doubleValue()));
        List<Double> reads = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reads.add(((Number) run(Map.of("op", "readThroughIdbClient", "db", DB)).get("ms")).doubleValue());
            if (i < 4) {
                migrations.add(((Number) result(run(Map.of("op", "migrate", "db", DB, "name", "timed-" + i)))
                        .get("ms")).doubleValue());
            }
        }
        double ms = median(migrations);
        double readMs = median(reads);
        double mb = ((Number) source.get("payloadBytes")).doubleValue() / 1e6;
        System.out.printf("migration from IndexedDB to OPFS in %s (%s): %d CoValues, %d sessions, %d transactions, "
                        + "%d signatures, %.2f MB of JSON in %.0f ms (median of 5, %s): %.0f CoValues/s, "
                        + "%.0f transactions/s, %.1f MB/s; reading every row through cojson-storage-indexeddb's "
                        + "own client: %.0f ms (median of 5, %s): the migration takes %.2fx that read%n",
                browserKind, map(full.get("stats")).get("engine"), sourceCoValues(), sessions, transactions, signatures, mb, ms,
                rounded(migrations), sourceCoValues() / ms * 1e3, transactions / ms * 1e3, mb / ms * 1e3, readMs,
                rounded(reads), ms / readMs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTabMigratesThroughGetOpfsStorageInItsStorageWorker() {
        MainThreadClientPages.bundle();
        Page tab = MainThreadClientPages.open(browser, server);
        Map<String, Object> migrated = MainThreadClientPages.call(tab, "migrateOnOpen",
                Map.of("name", "migrated-from-a-tab", "indexedDBName", DB));
        tab.close();
        List<Object> reports = (List<Object>) migrated.get("reports");
        Map<String, Object> last = map(reports.get(reports.size() - 1));
        assertEquals("done", last.get("phase"), "progress reached the tab through the storage worker");
        assertEquals(sourceCoValues(), number(last.get("done")));
        assertEquals(true, map(migrated.get("again")).get("alreadyDone"), "a second migration is already done");
        assertTheStoreHoldsWhatIndexedDbHolds("migrated-from-a-tab");
    }

    @Test
    void aSessionTheStoreHoldsInPartIsCompletedFromItsStoredLastIdx() {
        String name = "migrated-after-partial-copy";
        Map<String, Object> answer = run(Map.of("op", "migrate", "db", DB, "name", name, "prewriteHalf", true));
        Map<String, Object> result = result(answer);
        Map<String, Object> prewritten = map(answer.get("prewritten"));
        int half = number(prewritten.get("prewritten"));
        assertTrue(half >= 100, () -> "the longest session is the 300-edit CoMap's: " + prewritten);
        assertEquals(sourceTransactions() - half, number(result.get("transactions")),
                "only the transactions after the stored lastIdx are copied");
        assertEquals(0, number(result.get("skipped")), "the CoValue held in part is not skipped");
        assertTheStoreHoldsWhatIndexedDbHolds(name);
    }

    @Test
    void aMissingDatabaseIsNoErrorAndIsNotCreated() {
        Map<String, Object> result = result(run(Map.of("op", "migrate", "db", "no-such-db", "name", "migrated-nothing")));
        assertEquals(0, number(result.get("coValues")));
        assertEquals(false, result.get("alreadyDone"));
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) run(Map.of("op", "databases")).get("names");
        assertFalse(names.contains("no-such-db"), () -> "databases after the migration: " + names);
        assertTrue(names.contains(DB));
    }

    /** Rows equal row for row; every CoValue loads through cojson to the same content and known state. */
    private static void assertTheStoreHoldsWhatIndexedDbHolds(String name) {
        Map<String, Object> target = run(with(credentials, "op", "target", "name", name));
        assertEquals(source.get("rows"), target.get("rows"), "the store's rows equal the IndexedDB database's");
        Map<String, Object> expected = map(source.get("contents"));
        Map<String, Object> actual = map(target.get("contents"));
        assertEquals(ids().size(), expected.size());
        for (Object id : ids()) {
            assertFalse("unavailable".equals(expected.get(id)), () -> id + " loads from IndexedDB");
            assertEquals(expected.get(id), actual.get(id), () -> id + " loads from OPFS as from IndexedDB");
        }
    }

    private static Map<String, Object> result(Map<String, Object> answer) {
        assertFalse(answer.containsKey("error"), () -> "the migration failed: " + answer.get("error"));
        return map(answer.get("result"));
    }

    /** The CoValues in the database: the ids written plus those cojson made for the account (its profile, groups). */
    private static int sourceCoValues() {
        return map(map(source.get("rows")).get("coValues")).size();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.valueOf(Math.round(v))).collect(java.util.stream.Collectors.joining(", ")) + " ms";
    }

    private static int sourceTransactions() {
        int transactions = 0;
        for (Object coValue : map(map(source.get("rows")).get("coValues")).values()) {
            for (Object session : map(map(coValue).get("sessions")).values()) {
                transactions += ((List<?>) map(session).get("txs")).size();
            }
        }
        return transactions;
    }

    private static List<?> ids() {
        return (List<?>) credentials.get("ids");
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        copy.put("accountID", base.get("accountID"));
        copy.put("accountSecret", base.get("accountSecret"));
        copy.put("ids", base.get("ids"));
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put((String) keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }

    private static Map<String, Object> run(Map<String, Object> request) {
        return map(page.evaluate("request => runMigrationWorker(request)", request));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }
}
