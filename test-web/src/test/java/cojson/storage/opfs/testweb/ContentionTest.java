package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One store, several would-be owners: a worker holds it through {@code openOpfsStore} of
 * {@code cojson-storage-opfs/worker}; a second worker of the same tab and a worker of a second
 * tab get LOCKED with a message that says what to do, and never write; once the owner closes,
 * each opens in turn and sees everything committed before.
 */
class ContentionTest extends BrowserTest {

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build("faults/contention-worker.js");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSecondWorkerOrTabGetsLockedWhileTheStoreIsOwnedAndOpensWithEverythingOnceItIsClosed(@TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page tab = browser.newPage();
            tab.navigate(server.url("/site/faults/contention.html"));
            Page otherTab = browser.newPage();
            otherTab.navigate(server.url("/site/faults/contention.html"));
            Map<String, Object> open = Map.of("op", "open", "name", "contended");

            assertEquals(true, ((Map<String, Object>) call(tab, "owner", open)).get("opened"));
            assertEquals(10, ((Number) call(tab, "owner", Map.of("op", "write", "from", 0, "count", 10))).intValue());

            for (Object refused : List.of(call(tab, "second", open), call(otherTab, "third", open))) {
                Map<String, Object> r = (Map<String, Object>) refused;
                assertEquals(false, r.get("opened"), "a second owner: " + r);
                assertEquals("LOCKED", r.get("code"), "a second owner: " + r);
                assertTrue(String.valueOf(r.get("message")).contains("open in another worker; close that store first"),
                        "the message says what to do: " + r.get("message"));
            }
            // The owner is unaffected by the refused opens.
            assertEquals(12, ((Number) call(tab, "owner", Map.of("op", "write", "from", 10, "count", 2))).intValue());
            call(tab, "owner", Map.of("op", "close"));

            assertEquals(true, ((Map<String, Object>) call(tab, "second", open)).get("opened"));
            assertStoreHolds(call(tab, "second", Map.of("op", "read")), 12, "the second worker, after the owner closed");
            call(tab, "second", Map.of("op", "write", "from", 12, "count", 3));
            call(tab, "second", Map.of("op", "close"));

            assertEquals(true, ((Map<String, Object>) call(otherTab, "third", open)).get("opened"));
            assertStoreHolds(call(otherTab, "third", Map.of("op", "read")), 15, "the other tab's worker, after both closed");
            call(otherTab, "third", Map.of("op", "close"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertStoreHolds(Object read, int n, String who) {
        Map<String, Object> r = (Map<String, Object>) read;
        assertEquals(n, ((Number) r.get("count")).intValue(), who);
        assertEquals(IntStream.range(0, n).mapToObj(i -> "co_zContended" + i).toList(), r.get("ids"), who);
        assertEquals(IntStream.range(0, n).mapToObj(i -> 1).toList(),
                ((List<Number>) r.get("txs")).stream().map(Number::intValue).toList(), who + ": one transaction each");
    }

    private static Object call(Page page, String worker, Map<String, Object> request) {
        return page.evaluate("([worker, request]) => call(worker, request)", List.of(worker, request));
    }
}
