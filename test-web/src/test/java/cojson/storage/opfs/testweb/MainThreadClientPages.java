package cojson.storage.opfs.testweb;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;

/**
 * The main-thread client's test page, {@code site/client/client.html}: its script
 * {@code site/client/client-page.js} bundled with cojson, and the package's owner workers (one per
 * engine build), each bundled as an app's bundler bundles the workers its code starts.
 */
final class MainThreadClientPages {
    private MainThreadClientPages() {
    }

    static void bundle() {
        CojsonBrowserBundle.bundle(CojsonBrowserBundle.siteDir().resolve("client/client-page.js"), "client-page.js");
        CojsonBrowserBundle.bundle(CojsonBrowserBundle.packageDir().resolve("src/owner/owner-worker.js"), "owner-worker.js");
        CojsonBrowserBundle.bundle(CojsonBrowserBundle.packageDir().resolve("src/owner/owner-worker-js.js"), "owner-worker-js.js");
    }

    /** A new page of {@code browser} on the client page, its script loaded. */
    static Page open(BrowserContext browser, StaticServer server) {
        Page page = browser.newPage();
        page.navigate(server.url("/site/client/client.html"));
        page.waitForFunction("() => typeof window.readBack === 'function'");
        return page;
    }

    /** How long a page function may take: a request that never gets an answer fails the test instead of hanging it. */
    private static final int CALL_TIMEOUT_MS = 90_000;

    /** Calls the page's global {@code function} with {@code argument}; awaits its promise, at most CALL_TIMEOUT_MS. */
    static Object evaluate(Page page, String function, Object argument) {
        return page.evaluate("([f, a, ms]) => Promise.race([window[f](a), new Promise((_, reject) => "
                + "setTimeout(() => reject(new Error(f + ' did not finish in ' + ms + ' ms')), ms))])",
                List.of(function, argument, CALL_TIMEOUT_MS));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(Page page, String function, Object argument) {
        return (Map<String, Object>) evaluate(page, function, argument);
    }
}
