package cojson.storage.opfs.testweb;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's demo app (worker-js/demo: local-first todos on cojson on the page, stored on OPFS
 * through getOpfsStorage's main-thread client), used as a person would: through its form and
 * buttons. The app and the package's storage worker are bundled as scripts/demo.sh bundles them.
 */
class DemoPageTest extends BrowserTest {

    @BeforeAll
    static void bundleTheDemoAndBePatient() {
        Path demo = Path.of(System.getProperty("package.dir", "../worker-js")).toAbsolutePath().normalize().resolve("demo");
        if (!Files.isDirectory(demo.resolve("node_modules/esbuild"))) {
            // install, not ci: see worker-js/test/workerd/README.md
            CojsonBrowserBundle.run(demo, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
        System.out.print(CojsonBrowserBundle.run(demo, List.of("node", "build.mjs")));
        // The page loads cojson and starts the storage worker, which loads a build: more than 5 s.
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @Test
    void todosAddedTickedEditedAndDeletedAreThereAfterAReloadUnderTheSameRememberedAccount(@TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/pkg/demo/"));
            assertThat(page.locator("#status")).containsText("New account created");
            String account = page.locator("#account").textContent();

            for (String text : List.of("Buy oat milk", "Write the migration guide", "Pflanzen gießen", "Call Ada")) {
                type(page.locator("#new-todo"), text);
                page.click("#add-button");
                assertThat(page.locator(".todo .text").last()).hasValue(text);
            }
            Locator todos = page.locator(".todo");
            assertThat(todos).hasCount(4);
            todos.nth(1).locator("input[type=checkbox]").check();
            assertThat(todos.nth(1)).hasClass(Pattern.compile("done"));
            type(todos.nth(0).locator(".text"), "Buy oat milk and bread");
            todos.nth(0).locator(".text").press("Enter");
            todos.nth(3).locator(".remove").click();
            assertThat(todos).hasCount(3);
            assertThat(page.locator("#stat-round-trip")).containsText("ms");

            page.reload();
            assertThat(page.locator("#status")).containsText("loaded from OPFS");
            assertThat(page.locator("#account")).hasText(account);
            List<String> afterReload = List.of("Buy oat milk and bread", "Write the migration guide", "Pflanzen gießen");
            assertThat(todos).hasCount(afterReload.size());
            for (int i = 0; i < afterReload.size(); i++) {
                assertThat(todos.nth(i).locator(".text")).hasValue(afterReload.get(i));
            }
            assertThat(todos.nth(1)).hasClass(Pattern.compile("done"));
            assertThat(todos.nth(0)).not().hasClass(Pattern.compile("done"));
            assertThat(page.locator("#summary")).hasText("2 open, 1 done");
            // The panel shows the store's own counters, refreshed every second.
            assertThat(page.locator("#stat-engine")).hasText("wasm-gc");
            assertThat(page.locator("#stat-file")).containsText("KiB");
            assertThat(page.locator("#stat-cache")).containsText("lookups");

            type(page.locator("#new-todo"), "Try it offline");
            page.click("#add-button");
            assertThat(todos).hasCount(4);
            assertThat(page.locator("#stat-round-trip")).containsText("ms");
            assertThat(page.locator("#stat-commit-latency")).containsText("ms");
            if (browserKind == Browsers.Kind.CHROMIUM) {
                page.waitForTimeout(1_200); // one panel refresh after the last edit, for the picture
                // Committed: the README shows it (Chromium's, so a run in both browsers leaves it as it was).
                page.setViewportSize(1000, 620);
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("../docs/demo.png")));
            }
        }
    }

    /**
     * Replaces a field's text key by key, as a person types. Not {@code fill()}: in Firefox a filled
     * field fires no {@code change}, and the demo saves an edited todo on {@code change}.
     */
    private static void type(Locator field, String text) {
        field.clear();
        field.pressSequentially(text);
    }
}
