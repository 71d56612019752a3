package cojson.storage.opfs.testweb;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every browser test class shares: it runs once per installed browser ({@link
 * Browsers#available()}, "in Chromium", "in Firefox" in its name), with the page server on
 * 127.0.0.1 and Playwright started once per class. Each test launches the browser itself ({@link
 * #launch}) on the profile it needs, since persistence tests restart it on the same profile.
 */
@ParameterizedClass(name = "in {0}")
@ExtendWith(BrowserNamedFailures.class)
@MethodSource("cojson.storage.opfs.testweb.Browsers#available")
abstract class BrowserTest {
    static StaticServer server;
    static Playwright playwright;

    /** The browser this invocation of the class drives. */
    @Parameter
    Browsers.Kind browserKind;

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

    @BeforeParameterizedClassInvocation
    static void drive(Browsers.Kind kind) {
        Browsers.drive(kind);
    }

    /** Launches this invocation's browser on {@code profileDir}. */
    BrowserContext launch(Path profileDir) {
        return Browsers.launch(playwright, profileDir, browserKind);
    }
}
