package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classic-script JS build (exports as globals) in HtmlUnit's JS engine on the JVM: no
 * browser, no OPFS, so the in-memory store. A fast check that the JS build works at all.
 */
class ClassicScriptInHtmlUnitTest {
    private static StaticServer server;

    @BeforeAll
    static void start() {
        server = StaticServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theClassicScriptBuildPutsGetsAndScansStringsInAMemoryStore() throws Exception {
        try (WebClient browser = new WebClient(BrowserVersion.CHROME)) {
            browser.getOptions().setThrowExceptionOnScriptError(true);
            HtmlPage page = browser.getPage(server.url("/site/classic-script.html"));

            run(page, "var store = openMemory(); var batch = store.begin();"
                    + "batch.put('b', '2'); batch.put('a', '1'); batch.put('c', '3'); batch.delete('c');");
            assertEquals("1", run(page, "batch.get('a')"), "a batch reads its own writes");
            assertNull(run(page, "store.get('a')"), "the store does not see an uncommitted batch");

            run(page, "batch.commit()");
            assertEquals("1", run(page, "store.get('a')"));
            assertEquals("2", run(page, "store.get('b')"));
            assertNull(run(page, "store.get('c')"), "a key put and deleted in one batch is absent");
            assertEquals("[[\"a\",\"1\"],[\"b\",\"2\"]]", run(page, "store.scan(null, null)"));
            assertEquals("[[\"b\",\"2\"]]", run(page, "store.scan('b', null)"));
            assertEquals("js", run(page, "JSON.parse(store.stats()).engine"));
            assertEquals("false", run(page, "String(isOpfsSupported())"));
        }
    }

    private static Object run(HtmlPage page, String script) {
        return page.executeJavaScript(script).getJavaScriptResult();
    }
}
