package cojson.storage.opfs.testweb;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package's demo page, used as a person would: through its buttons. */
class DemoPageTest extends ChromiumTest {

    @BeforeAll
    static void patientAssertions() {
        // The page starts a worker and loads a build first: give its log more than the default 5 s.
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @Test
    void theDemoOpensItsStoreOnTheWasmGcBuildAndPutsAndGetsAKeyThroughItsWorker(@TempDir Path profileDir) {
        try (BrowserContext browser = Chromium.launch(playwright, profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/pkg/demo/"));
            Locator log = page.locator("#log");
            // "auto" picks Wasm GC wherever the browser runs it, as Chromium does.
            assertThat(log).containsText("open: {\"name\":\"demo-store\",\"engine\":\"wasm-gc\"");

            page.fill("#key", "colour");
            page.fill("#value", "teal ✓");
            page.click("#put-button");
            assertThat(log).containsText("put: \"committed\"");
            page.click("#get-button");
            assertThat(log).containsText("get: \"teal ✓\"");
            page.click("#scan-button");
            assertThat(log).containsText("scan: [[\"colour\",\"teal ✓\"]]");
            // Kept for a person to look at: what the demo shows after these steps.
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/demo-page.png")));
        }
    }
}
