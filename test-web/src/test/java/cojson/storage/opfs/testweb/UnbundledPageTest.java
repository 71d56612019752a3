package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cojson app on a page without any bundler ({@code site/unbundled/}): the package imported from
 * node_modules as npm installs its tarball, cojson through an import map. Through it: the storage
 * worker runs as it is, the start-up timeline of stats(), log out and in (closing the storage
 * closes its worker, the next client owns the file), and OPFS refused as in Firefox private
 * browsing (the in-memory fallback, fallback "error", the /worker entry): in Chromium, with the
 * storage worker's getDirectory() refused by the test, and in Firefox's real private mode.
 */
class UnbundledPageTest {
    /** The package's storage worker as npm installs it (CojsonBrowserBundle unpacks the packed tarball there). */
    private static final String INSTALLED_WORKER = "/pkg/target/node_modules/cojson-storage-opfs/src/owner/owner-worker.js";
    /** The Web Lock of the store {@code name}: cojson-storage-opfs:v<protocol version>:<name>. */
    private static final String STORE_LOCK = "^cojson-storage-opfs:v\\d+:%s$";
    private static final String CLIENT_LOCK = "^cojson-storage-opfs:v\\d+:%s/client/.*";

    @TempDir
    static Path profileDir;
    static StaticServer server;
    static Playwright playwright;
    /** Chromium, on a persistent profile, for every test but Firefox's private mode. */
    static BrowserContext browser;

    @BeforeAll
    static void bundleAndLaunch() {
        // Also unpacks the packed package into worker-js/target/node_modules (see bundling.mjs).
        CojsonBrowserBundle.build("unbundled/cojson-all.js");
        CojsonBrowserBundle.build("unbundled/refused-worker-entry.js");
        server = StaticServer.start();
        playwright = Playwright.create();
        browser = Browsers.launch(playwright, profileDir, Browsers.Kind.CHROMIUM);
    }

    @AfterAll
    static void closeBrowser() {
        browser.close();
        playwright.close();
        server.close();
    }

    @Test
    void aCojsonAppImportsThePackageFromNodeModulesWithoutABundlerAndItsDataComesBackAfterAReload() {
        Page page = open();
        try {
            Map<String, Object> created = call(page, "createMap", Map.of("name", "unbundled", "fields", Map.of("title", "no bundler ✓")));
            assertEquals(true, stats(created).get("persistent"), "the store is on OPFS: " + created);
            assertTrue(page.workers().stream().map(Worker::url).anyMatch(url -> url.endsWith(INSTALLED_WORKER)),
                    "the storage worker runs unbundled from node_modules: " + page.workers().stream().map(Worker::url).toList());

            page.reload();
            page.waitForFunction("() => typeof window.readMap === 'function'");
            Map<String, Object> read = call(page, "readMap", credentials("unbundled", created));
            assertEquals(Map.of("title", "no bundler ✓"), read.get("fields"), "the CoMap after the reload");
            assertEquals("wasm-gc", stats(read).get("engine"));
        } finally {
            page.close();
        }
    }

    @Test
    void theStartUpTimelineNamesEveryStepOfTheOwnersWorkerInOrderAndOnlyItsOwnForARoutedTab() {
        Page owner = open();
        Page routed = open();
        try {
            Map<String, Object> created = call(owner, "createMap", Map.of("name", "timeline", "fields", Map.of("n", 1)));
            Map<String, Object> ownerSteps = startup(created);
            System.out.println("start-up timeline of the owning tab (ms since its navigation start): " + ownerSteps);
            for (String step : List.of("workerCreated", "scriptRunning", "engineReady", "lockGranted", "handleOpened", "storeOpened",
                    "firstAnswer")) {
                assertInstanceOf(Number.class, ownerSteps.get(step), step + " happened in the owner's worker: " + ownerSteps);
            }
            assertInOrder(ownerSteps, "workerCreated", "scriptRunning", "lockGranted", "handleOpened", "storeOpened", "firstAnswer");
            assertInOrder(ownerSteps, "scriptRunning", "engineReady", "storeOpened");

            Map<String, Object> read = call(routed, "readMap", credentials("timeline", created));
            assertEquals(Map.of("n", 1), read.get("fields"));
            assertNotEquals(stats(read).get("clientId"), stats(read).get("ownerId"), "the second tab is routed to the first's worker");
            Map<String, Object> routedSteps = startup(read);
            System.out.println("start-up timeline of a routed tab: " + routedSteps);
            for (String step : List.of("lockGranted", "handleOpened", "storeOpened")) {
                assertNull(routedSteps.get(step), step + " did not happen in a routed tab's worker: " + routedSteps);
            }
            assertInOrder(routedSteps, "workerCreated", "scriptRunning", "firstAnswer");
        } finally {
            routed.close();
            owner.close();
        }
    }

    @Test
    void theWorkerStartedAtImportOpensTheUsualStoreBeforeTheAppAsksAndSwitchesWhenItNamesAnother() {
        Page first = open();
        try {
            // "jazz-storage" exists from now on: a page's worker then opens it as soon as it runs.
            call(first, "createMap", Map.of("name", "jazz-storage", "fields", Map.of("usual", true)));
        } finally {
            first.close();
        }
        Page usual = open();
        try {
            Map<String, Object> opened = call(usual, "openAfterPreload", Map.of("name", "jazz-storage"));
            @SuppressWarnings("unchecked")
            Map<String, Object> steps = (Map<String, Object>) opened.get("startup");
            double asked = ((Number) opened.get("asked")).doubleValue();
            assertEquals(opened.get("clientId"), opened.get("ownerId"), "the worker started at import serves the app: " + opened);
            assertTrue(((Number) steps.get("lockGranted")).doubleValue() < asked, "the lock was taken before the app asked: " + opened);
        } finally {
            usual.close();
        }
        Page other = open();
        try {
            Map<String, Object> opened = call(other, "openAfterPreload", Map.of("name", "elsewhere"));
            @SuppressWarnings("unchecked")
            Map<String, Object> steps = (Map<String, Object>) opened.get("startup");
            assertEquals(opened.get("clientId"), opened.get("ownerId"), "the same worker switched to the store the app named: " + opened);
            assertTrue(((Number) steps.get("lockGranted")).doubleValue() >= ((Number) opened.get("asked")).doubleValue(),
                    "the timeline is the named store's: " + opened);
            @SuppressWarnings("unchecked")
            List<String> held = (List<String>) opened.get("held");
            assertTrue(held.stream().noneMatch(lock -> lock.matches(STORE_LOCK.formatted("jazz-storage"))),
                    "the usual store was let go: " + held);
            waitForWorkers(other, 1);
        } finally {
            other.close();
        }
    }

    @Test
    void loggingOutClosesTheStorageAndItsWorkerSoTheNextClientOwnsTheFile() {
        Page page = open();
        try {
            Map<String, Object> result = call(page, "logOutAndIn", Map.of("name", "log-out"));
            assertEquals(Map.of("session", "first"), result.get("fields"), "the account's CoMap, loaded after logging in again");
            assertNotEquals(result.get("firstClientId"), result.get("clientId"), "a new client after the log in");
            assertEquals(result.get("clientId"), result.get("ownerId"), "the new client's worker owns the file");
            @SuppressWarnings("unchecked")
            List<String> held = (List<String>) result.get("held");
            assertEquals(1, held.stream().filter(lock -> lock.matches(STORE_LOCK.formatted("log-out"))).count(), "one owner: " + held);
            assertEquals(1, held.stream().filter(lock -> lock.matches(CLIENT_LOCK.formatted("log-out"))).count(),
                    "one storage worker alive: " + held);
            waitForWorkers(page, 1);

            MainThreadClientPages.evaluate(page, "closeAll", Map.of());
            waitForWorkers(page, 0);
            // A worker's locks are released a moment after it has ended.
            long deadline = System.currentTimeMillis() + 10_000;
            Object stillHeld;
            do {
                stillHeld = page.evaluate("async () => (await navigator.locks.query()).held.map((lock) => lock.name)"
                        + ".filter((lock) => lock.includes(':log-out'))");
            } while (!((List<?>) stillHeld).isEmpty() && System.currentTimeMillis() < deadline);
            assertEquals(List.of(), stillHeld, "every lock of the store released");
        } finally {
            page.close();
        }
    }

    @Test
    void whereOpfsIsRefusedTheAppKeepsWorkingInMemorySharedByItsTabsAndSaysSoOnce() {
        Page first = open();
        Page second = open();
        List<String> warnings = new ArrayList<>();
        for (Page page : List.of(first, second)) {
            page.onConsoleMessage(message -> {
                if (message.type().equals("warning") && message.text().contains("cojson-storage-opfs")) {
                    warnings.add(message.text());
                }
            });
        }
        try {
            Map<String, Object> created = call(first, "createMap",
                    Map.of("name", "refused", "fields", Map.of("kept", "in memory"), "refused", true));
            assertEquals(false, stats(created).get("persistent"), "the fallback is in memory: " + created);

            Map<String, Object> credentials = credentials("refused", created);
            credentials.put("refused", true);
            Map<String, Object> read = call(second, "readMap", credentials);
            assertEquals(Map.of("kept", "in memory"), read.get("fields"), "another tab reads it through the owner's worker");
            assertEquals(false, stats(read).get("persistent"));
            assertEquals(2, warnings.size(), "one warning per page: " + warnings);
            assertTrue(warnings.get(0).contains("in memory"), warnings.get(0));
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void withFallbackErrorARefusedOpfsRejectsWithUnsupportedRuntimeAndSoDoesTheWorkerEntry() {
        Page page = open();
        try {
            Map<String, Object> refused = call(page, "createMap",
                    Map.of("name", "refused-error", "fields", Map.of(), "refused", true, "fallback", "error"));
            assertEquals("UNSUPPORTED_RUNTIME", refused.get("code"), "getOpfsStorage({ fallback: \"error\" }): " + refused);
            assertTrue(String.valueOf(refused.get("message")).contains("private browsing"), "the message says why: " + refused);

            Map<String, Object> inAWorker = call(page, "workerEntryRefused", Map.of());
            assertEquals("UNSUPPORTED_RUNTIME", inAWorker.get("code"), "openOpfsStore of /worker: " + inAWorker);
            assertTrue(String.valueOf(inAWorker.get("message")).contains("SecurityError"), "the browser's reason is kept: " + inAWorker);
        } finally {
            page.close();
        }
    }

    @Test
    void inFirefoxPrivateBrowsingTheUnbundledAppRunsInMemoryForEveryTabAndFallbackErrorRefusesIt(@TempDir Path firefoxProfile) {
        assumeTrue(Browsers.available().contains(Browsers.Kind.FIREFOX), "firefox-esr is not installed");
        try (BrowserContext firefox = Browsers.launch(playwright, firefoxProfile, Browsers.Kind.FIREFOX, true)) {
            List<String> warnings = new ArrayList<>();
            Page first = open(firefox);
            Page second = open(firefox);
            for (Page page : List.of(first, second)) {
                page.onConsoleMessage(message -> {
                    if (message.type().equals("warning") && message.text().contains("cojson-storage-opfs")) {
                        warnings.add(message.text());
                    }
                });
            }
            Map<String, Object> created = call(first, "createMap", Map.of("name", "private", "fields", Map.of("private", "yes")));
            assertEquals(false, stats(created).get("persistent"), "Firefox private browsing: in memory: " + created);
            Map<String, Object> read = call(second, "readMap", credentials("private", created));
            assertEquals(Map.of("private", "yes"), read.get("fields"), "another private tab reads it through the owner");
            assertEquals(2, warnings.size(), "one warning per page: " + warnings);

            Map<String, Object> refused = call(second, "createMap", Map.of("name", "private-error", "fields", Map.of(), "fallback", "error"));
            assertEquals("UNSUPPORTED_RUNTIME", refused.get("code"), "fallback \"error\": " + refused);
            Map<String, Object> inAWorker = call(second, "workerEntryRefused", Map.of("asIs", true));
            assertEquals("UNSUPPORTED_RUNTIME", inAWorker.get("code"), "openOpfsStore of /worker: " + inAWorker);
        }
    }

    @Test
    void twoDeployedVersionsNeverShareAnOwnerAndAStaleWorkerScriptIsNamed() {
        Page page = open();
        try {
            Map<String, Object> beside = call(page, "openBesideAnotherVersion", Map.of("name", "two-versions"));
            assertEquals("LOCKED", beside.get("code"), "the other version's tab keeps the file: " + beside);
            assertTrue(String.valueOf(beside.get("message")).contains("another version"), "the message names it: " + beside);

            Map<String, Object> stale = call(page, "openWithStaleWorker", Map.of("name", "stale-worker"));
            assertEquals("FAILED", stale.get("code"), "a worker of another protocol version: " + stale);
            assertTrue(String.valueOf(stale.get("message")).contains("protocol v0"), "the message says which: " + stale);
        } finally {
            page.close();
        }
    }

    @Test
    void persistAsksTheBrowserAndStatsShowItsAnswer() {
        Page page = open();
        try {
            Map<String, Object> asked = call(page, "createMap", Map.of("name", "persist", "fields", Map.of(), "persist", true));
            assertInstanceOf(Boolean.class, stats(asked).get("persisted"), "persist(): " + stats(asked));
            Map<String, Object> notAsked = call(page, "readMap", credentials("persist", asked));
            assertNull(stats(notAsked).get("persisted"), "not asked: undefined");
        } finally {
            page.close();
        }
    }

    private static Page open() {
        return open(browser);
    }

    private static Page open(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(server.url("/site/unbundled/index.html"));
        page.waitForFunction("() => typeof window.createMap === 'function'");
        return page;
    }

    private static Map<String, Object> call(Page page, String function, Object argument) {
        return MainThreadClientPages.call(page, function, argument);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> result) {
        return (Map<String, Object>) result.get("stats");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> startup(Map<String, Object> result) {
        return (Map<String, Object>) stats(result).get("startup");
    }

    private static Map<String, Object> credentials(String name, Map<String, Object> created) {
        Map<String, Object> credentials = new HashMap<>(Map.of("name", name));
        for (String key : List.of("accountID", "accountSecret", "mapID")) {
            credentials.put(key, created.get(key));
        }
        return credentials;
    }

    /**
     * Each step no earlier than the one before it. The steps come from two clocks (the tab's and
     * the worker's, both as ms since the tab's navigation start), so 1 ms of difference is allowed.
     */
    private static void assertInOrder(Map<String, Object> steps, String... names) {
        for (int i = 1; i < names.length; i++) {
            double before = ((Number) steps.get(names[i - 1])).doubleValue();
            double after = ((Number) steps.get(names[i])).doubleValue();
            assertTrue(before <= after + 1, names[i - 1] + " before " + names[i] + ": " + steps);
        }
    }

    /** Waits until the page has {@code count} workers (a terminated worker leaves the list a moment later). */
    private static void waitForWorkers(Page page, int count) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (page.workers().size() != count && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(50);
        }
        assertEquals(count, page.workers().size(), "workers: " + page.workers().stream().map(Worker::url).toList());
    }
}
