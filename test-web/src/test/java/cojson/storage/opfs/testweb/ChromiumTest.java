package cojson.storage.opfs.testweb;

import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every Chromium test class shares: the page server on 127.0.0.1 and Playwright, started
 * once per class. Each test launches Chromium itself ({@link Chromium#launch}) on the profile it
 * needs, since persistence tests restart the browser on the same profile.
 */
abstract class ChromiumTest {
    static StaticServer server;
    static Playwright playwright;

    @BeforeAll
    static void startServerAndPlaywright() {
        server = StaticServer.start();
        playwright = Playwright.create();
    }

    @AfterAll
    static void stopServerAndPlaywright() {
        playwright.close();
        server.close();
    }
}
