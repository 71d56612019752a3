package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three tabs of one origin write to one store at once through the main-thread client: one tab's
 * worker owns the OPFS file, the others route to it. The owner's tab closes mid-stream; ownership
 * moves to a surviving tab's worker and no acknowledged write is lost, read from a surviving tab
 * and from a fresh tab after every tab closed.
 */
class CojsonMainThreadManyTabsTest extends BrowserTest {
    private static final String NAME = "many-tabs";
    private static final int ACKS_BEFORE_CLOSE = 30;
    private static final int ACKS_AFTER_CLOSE = 30;
    private static final long WAIT_MS = 60_000;

    @BeforeAll
    static void bundle() {
        MainThreadClientPages.bundle();
    }

    @Test
    void whenTheOwnersTabClosesAnotherTabTakesOverAndNoAcknowledgedWriteIsLost(@TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Map<String, Page> pages = new LinkedHashMap<>();
            Map<String, String> clientIds = new LinkedHashMap<>();
            for (String tag : List.of("tab1", "tab2", "tab3")) {
                Page page = MainThreadClientPages.open(browser, server);
                pages.put(tag, page);
                clientIds.put(tag, (String) MainThreadClientPages.evaluate(page, "startWriter", Map.of("name", NAME, "engine", "auto", "tag", tag)));
            }
            for (Page page : pages.values()) {
                waitForAcks(page, ACKS_BEFORE_CLOSE);
            }
            String ownerId = (String) state(pages.get("tab2")).get("ownerId");
            String ownerTag = clientIds.entrySet().stream().filter(e -> e.getValue().equals(ownerId))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no tab's worker owns the file"));
            for (Page page : pages.values()) {
                assertEquals(ownerId, state(page).get("ownerId"), "every tab routes to the same owner");
            }

            int ackedByClosedTab = ((Number) state(pages.get(ownerTag)).get("acked")).intValue();
            pages.remove(ownerTag).close();
            Map<String, Integer> ackedAtClose = new LinkedHashMap<>();
            for (Map.Entry<String, Page> entry : pages.entrySet()) {
                ackedAtClose.put(entry.getKey(), ((Number) state(entry.getValue()).get("acked")).intValue());
            }
            for (Map.Entry<String, Page> entry : pages.entrySet()) {
                waitForAcks(entry.getValue(), ackedAtClose.get(entry.getKey()) + ACKS_AFTER_CLOSE);
            }

            Map<String, Integer> acked = new LinkedHashMap<>(Map.of(ownerTag, ackedByClosedTab));
            String newOwnerId = null;
            for (Map.Entry<String, Page> entry : pages.entrySet()) {
                newOwnerId = (String) state(entry.getValue()).get("ownerId");
                Map<String, Object> stopped = MainThreadClientPages.call(entry.getValue(), "stopWriter", Map.of());
                assertEquals(List.of(), stopped.get("errors"), "no write of " + entry.getKey() + " failed");
                acked.put(entry.getKey(), ((List<?>) stopped.get("acked")).size());
                System.out.printf("many tabs: %s acknowledged %d transactions; round trips %s%n",
                        entry.getKey(), acked.get(entry.getKey()), stopped.get("roundTrips"));
            }
            assertNotEquals(ownerId, newOwnerId, "ownership moved when the owner's tab closed");
            assertTrue(clientIds.containsValue(newOwnerId), "a surviving tab's worker owns the file now");

            Map<String, Object> survivorRead = MainThreadClientPages.call(pages.values().iterator().next(), "readBack",
                    Map.of("name", NAME, "engine", "auto", "tags", List.copyOf(clientIds.keySet())));
            assertEveryAcknowledgedWriteIsStored(acked, survivorRead, "read from a surviving tab");

            for (Page page : pages.values()) {
                page.close();
            }
            Page fresh = MainThreadClientPages.open(browser, server);
            Map<String, Object> freshRead = MainThreadClientPages.call(fresh, "readBack",
                    Map.of("name", NAME, "engine", "auto", "tags", List.copyOf(clientIds.keySet())));
            assertEveryAcknowledgedWriteIsStored(acked, freshRead, "read from a fresh tab after every tab closed");
            assertEquals(survivorRead.get("coValues"), freshRead.get("coValues"), "the fresh tab reads what the survivor read");
            System.out.printf("many tabs: owner %s (%s) closed; %s took over; stored %s%n", ownerTag, ownerId, newOwnerId, acked);
        }
    }

    /** Each tab's session holds transactions 0..n-1 in order, n at least the tab's acknowledged count. */
    private static void assertEveryAcknowledgedWriteIsStored(Map<String, Integer> acked, Map<String, Object> read, String when) {
        Map<?, ?> coValues = (Map<?, ?>) read.get("coValues");
        for (Map.Entry<String, Integer> entry : acked.entrySet()) {
            String tag = entry.getKey();
            Map<?, ?> session = (Map<?, ?>) ((Map<?, ?>) coValues.get(tag)).get(tag + "_session_z1");
            List<?> keys = (List<?>) session.get("keys");
            assertTrue(keys.size() >= entry.getValue(), when + ": " + tag + " stored " + keys.size()
                    + " of its " + entry.getValue() + " acknowledged transactions");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                expected.add(tag + "-" + i);
            }
            assertEquals(expected, keys, when + ": " + tag + "'s transactions in order, none twice, none missing");
            assertEquals(keys.size(), ((Number) session.get("lastIdx")).intValue(), when + ": " + tag + "'s lastIdx");
        }
    }

    private static Map<String, Object> state(Page page) {
        return MainThreadClientPages.call(page, "writerState", Map.of());
    }

    private static void waitForAcks(Page page, int acks) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            Map<String, Object> state = state(page);
            assertEquals(List.of(), state.get("errors"), "no write failed");
            if (((Number) state.get("acked")).intValue() >= acks) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("fewer than " + acks + " writes acknowledged in " + WAIT_MS + " ms: " + state);
            }
            page.waitForTimeout(50);
        }
    }
}
