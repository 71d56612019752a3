package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page with no bundler (worker-js/test/jazz-app/unbundled/) imports the package straight from
 * node_modules as npm installed it (from the packed tarball), cojson through an import map: a
 * cojson LocalNode on getOpfsStorage() creates an account and a CoMap, and after a reload loads
 * them from the OPFS file alone and edits again.
 */
class InstalledPackageUnbundledTest {
    private static Playwright playwright;
    private static AppServer server;

    @BeforeAll
    static void start() {
        JazzApp.prepare();
        Path app = JazzApp.appDir();
        server = AppServer.start(app.resolve("unbundled"), Map.of("/node_modules/", app.resolve("node_modules")));
        playwright = Playwright.create();
    }

    @AfterAll
    static void stop() {
        playwright.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}: an unbundled page imports the package from node_modules and keeps its data in OPFS")
    @MethodSource("cojson.storage.opfs.testweb.Browsers#available")
    void anUnbundledPageImportsThePackageFromNodeModulesAndKeepsItsDataInOpfs(Browsers.Kind kind, @TempDir Path profileDir) {
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, kind)) {
            Page page = browser.newPage();
            page.onConsoleMessage(message -> System.out.printf("unbundled (%s) %s: %s%n", kind, message.type(), message.text()));
            page.navigate(server.url("/"));
            Map<?, ?> first = (Map<?, ?>) page.evaluate("() => window.unbundled");
            assertEquals(1, ((Number) first.get("visits")).intValue(), "the first visit's edit: " + first);
            page.reload();
            Map<?, ?> second = (Map<?, ?>) page.evaluate("() => window.unbundled");
            assertEquals(first.get("mapId"), second.get("mapId"));
            assertEquals(2, ((Number) second.get("visits")).intValue(), "the CoMap came back from OPFS: " + second);
            assertTrue(((Number) second.get("fileBytes")).longValue() > 0);

            JazzAppPage.OriginStorage storage = new JazzAppPage(page).originStorage();
            assertTrue(storage.files().containsKey("jazz-storage"), "the OPFS file: " + storage);
            assertFalse(storage.databases().contains("jazz-storage"), "no IndexedDB database: " + storage);
            assertEquals(1, storage.heldFor("jazz-storage").size(), "one worker owns the store: " + storage);
            System.out.printf("unbundled page in %s: %s, then %s; downloaded %s%n", kind, first, second, server.downloads().keySet());
        }
    }
}
