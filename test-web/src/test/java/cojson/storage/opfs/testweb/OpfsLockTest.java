package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync access handle is exclusive: the package must say so with a code, and let go on close. */
class OpfsLockTest extends BrowserTest {

    @Test
    void aSecondStoreOnAnOpenFileFailsWithLockedAndOpensOnceTheFirstIsClosed(@TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            Object outcome = page.evaluate("request => runInWorker(request, 'lock-worker.js')",
                    Map.of("name", "locked", "engine", "auto"));
            assertEquals(Map.of("whileOpen", "LOCKED", "afterClose", "opened"), outcome);
        }
    }
}
