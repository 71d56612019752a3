package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.testweb.JazzApp.Bundler;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where OPFS is refused, the real Jazz app (the Vite 8 build) still starts, on the package's
 * in-memory fallback: Firefox in private browsing (getDirectory() rejects with SecurityError), and
 * Chromium with getDirectory() made to reject the same way in the page and in its workers (Chromium
 * has no private mode on a persistent profile). The storage says it is not persistent, a second
 * tab of the session shares the data, and with {@code fallback: "error"} (the app's
 * {@code ?fallback=error}, through configureOpfsStorage of cojson-storage-opfs/jazz) jazz-tools
 * cannot start its context and reports UNSUPPORTED_RUNTIME.
 */
class JazzAppFallbackTest {
    /** Makes every getDirectory() reject as Firefox's private mode does; prepended to the app's scripts, the workers' included. */
    private static final String REFUSE_OPFS = "if (typeof StorageManager === \"function\") {"
            + " StorageManager.prototype.getDirectory = function () {"
            + " return Promise.reject(new DOMException(\"The operation is insecure.\", \"SecurityError\")); }; }\n";

    private static Playwright playwright;
    private static String url;

    @BeforeAll
    static void start() {
        playwright = Playwright.create();
        url = JazzAppTest.url(Bundler.VITE8_BUILD);
    }

    @AfterAll
    static void stop() {
        JazzAppTest.closeServers();
        playwright.close();
    }

    /** Firefox's real private mode where Firefox is installed; Chromium with OPFS refused by the test. */
    static Stream<Browsers.Kind> refusingBrowsers() {
        return Browsers.available().stream();
    }

    @ParameterizedTest(name = "{0}: where OPFS is refused the app starts on the in-memory fallback, shared by the session's tabs")
    @MethodSource("refusingBrowsers")
    void whereOpfsIsRefusedTheAppStartsOnTheInMemoryFallback(Browsers.Kind kind, @TempDir Path profileDir) {
        try (BrowserContext browser = launchRefusingOpfs(kind, profileDir)) {
            List<String> warnings = new ArrayList<>();
            JazzAppPage first = open(browser, warnings);
            first.signUp("Grace");
            first.add("kept in memory");
            first.waitForStorage();
            Map<String, Object> stats = first.storageStats();
            assertEquals(Boolean.FALSE, stats.get("persistent"), "the storage says it is not persistent: " + stats);

            JazzAppPage second = open(browser, warnings);
            assertEquals(first.accountId(), second.accountId(), "the second tab is signed in as the first");
            second.page.waitForFunction("() => document.querySelectorAll('#todos .todo').length === 1");
            assertEquals(List.of("kept in memory"), second.titles(), "the second tab reads the first tab's data through the owner");
            assertEquals(first.storageStats().get("ownerId"), second.storageStats().get("ownerId"), "one owner for both tabs");

            JazzAppPage.OriginStorage storage = first.originStorage();
            assertFalse(storage.databases().contains("jazz-storage"), "not in IndexedDB either: " + storage);
            assertEquals(1, storage.heldFor("jazz-storage").size(), "one worker owns the in-memory store: " + storage);
            System.out.printf("fallback in %s: stats %s; warnings %s%n", kind, stats, warnings);
            assertEquals(2, warnings.stream().filter(w -> w.startsWith("cojson-storage-opfs:") && w.contains("kept in memory")).count(),
                    "one console warning per tab says the data is kept in memory: " + warnings);
        }
    }

    @ParameterizedTest(name = "{0}: with fallback \"error\" a refused OPFS fails with UNSUPPORTED_RUNTIME")
    @MethodSource("refusingBrowsers")
    void withFallbackErrorARefusedOpfsFailsWithUnsupportedRuntime(Browsers.Kind kind, @TempDir Path profileDir) {
        try (BrowserContext browser = launchRefusingOpfs(kind, profileDir)) {
            JazzAppPage tab = new JazzAppPage(browser.newPage());
            tab.page.navigate(url + "?fallback=error");
            long deadline = System.currentTimeMillis() + 60_000;
            while (tab.contextErrors().isEmpty() && System.currentTimeMillis() < deadline) {
                tab.page.waitForTimeout(250);
            }
            List<String> errors = tab.contextErrors();
            Object probed = tab.page.evaluate("() => window.jazzAppStorageProbe()");
            System.out.printf("fallback \"error\" in %s: %s; the aliased getIndexedDBStorage() rejects with %s%n", kind, errors, probed);
            assertEquals(1, errors.size(), "jazz-tools could not create its context: " + errors);
            if (kind == Browsers.Kind.CHROMIUM) {
                // Firefox's console (WebDriver BiDi) hands over the logged Error without its message.
                assertTrue(errors.get(0).contains("UNSUPPORTED_RUNTIME"), "jazz-tools logged UNSUPPORTED_RUNTIME: " + errors);
            }
            assertEquals("UNSUPPORTED_RUNTIME", probed, "what jazz-tools' getIndexedDBStorage() rejects with");
            assertEquals(0, tab.page.locator("#app").count(), "the app did not start");
        }
    }

    private static BrowserContext launchRefusingOpfs(Browsers.Kind kind, Path profileDir) {
        if (kind == Browsers.Kind.FIREFOX) {
            return Browsers.launch(playwright, profileDir, kind, true);
        }
        BrowserContext browser = Browsers.launch(playwright, profileDir, kind);
        browser.addInitScript(REFUSE_OPFS);
        // Init scripts do not run in workers: prepend the same to every script the app serves.
        browser.route("**/*.js", route -> {
            Route.FetchOptions none = new Route.FetchOptions();
            var response = route.fetch(none);
            String body = REFUSE_OPFS + new String(response.body(), StandardCharsets.UTF_8);
            route.fulfill(new Route.FulfillOptions().setResponse(response).setBody(body));
        });
        return browser;
    }

    private static JazzAppPage open(BrowserContext browser, List<String> warnings) {
        Page page = browser.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("warning") && !message.text().startsWith("Validation mode")) {
                warnings.add(message.text());
            }
        });
        return new JazzAppPage(page).open(url);
    }
}
