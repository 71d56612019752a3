package cojson.storage.opfs.testweb;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;

/** The old Chromium-only launcher, kept only until every test class launches through {@link Browsers}. */
final class Chromium {
    private Chromium() {
    }

    static BrowserContext launch(Playwright playwright, Path profileDir) {
        return Browsers.launch(playwright, profileDir, Browsers.Kind.CHROMIUM);
    }
}
