package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher itself: every installed browser opens OPFS on a persistent profile, and Firefox's
 * private mode is really private (what the private-mode tests of the package rely on).
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

    @ParameterizedTest(name = "{0} opens OPFS on a persistent profile")
    @MethodSource("cojson.storage.opfs.testweb.Browsers#available")
    void everyInstalledBrowserOpensOpfsOnAPersistentProfile(Browsers.Kind kind, @TempDir Path profileDir) {
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, kind)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            assertEquals(Map.of("opened", "file"), page.evaluate(OPFS_PROBE));
            System.out.printf("%s: %s%n", kind, page.evaluate("() => navigator.userAgent"));
        }
    }

    @Test
    void firefoxInPrivateModeRefusesOpfsWithSecurityError(@TempDir Path profileDir) {
        assumeTrue(Browsers.available().contains(Browsers.Kind.FIREFOX), "firefox-esr is not installed");
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, Browsers.Kind.FIREFOX, true)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            assertEquals(Map.of("refused", "SecurityError"), page.evaluate(OPFS_PROBE));
        }
    }

    @Test
    void chromiumRefusesAPrivateModeItCannotGiveAPersistentProfile(@TempDir Path profileDir) {
        assertThrows(IllegalArgumentException.class,
                () -> Browsers.launch(playwright, profileDir, Browsers.Kind.CHROMIUM, true));
    }
}
