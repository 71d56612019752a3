package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher itself: each browser opens OPFS on a persistent profile, and Firefox's private mode
 * is really private (what the private-mode tests of the package rely on): OPFS refused, IndexedDB
 * kept.
 */
class BrowsersTest extends BrowserTest {
    private static final String OPFS_PROBE = """
            async () => {
              try {
                const root = await navigator.storage.getDirectory();
                const file = await root.getFileHandle("probe", { create: true });
                return { opened: file.kind };
              } catch (e) {
                return { refused: e.name };
              }
            }""";

    private static final String INDEXED_DB_PROBE = """
            () => new Promise((resolve) => {
              const request = indexedDB.open("probe");
              request.onsuccess = () => { request.result.close(); resolve("opened"); };
              request.onerror = () => resolve(request.error.name);
            })""";

    @Test
    void theBrowserOpensOpfsOnAPersistentProfile(@TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            assertEquals(Map.of("opened", "file"), page.evaluate(OPFS_PROBE));
            System.out.printf("%s: %s%n", browserKind, page.evaluate("() => navigator.userAgent"));
        }
    }

    @Test
    void privateModeRefusesOpfsWithSecurityErrorAndKeepsIndexedDb(@TempDir Path profileDir) {
        Browsers.assumeKind(Browsers.Kind.FIREFOX, "Chromium has no private mode on a persistent profile");
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, browserKind, true)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            assertEquals(Map.of("refused", "SecurityError"), page.evaluate(OPFS_PROBE));
            assertEquals("opened", page.evaluate(INDEXED_DB_PROBE), "IndexedDB still works there (in memory)");
        }
    }

    @Test
    void chromiumRefusesAPrivateModeItCannotGiveAPersistentProfile(@TempDir Path profileDir) {
        Browsers.assumeKind(Browsers.Kind.CHROMIUM, "the refusal is Chromium's: Firefox's private mode is a profile pref");
        assertThrows(IllegalArgumentException.class, () -> Browsers.launch(playwright, profileDir, browserKind, true));
    }
}
