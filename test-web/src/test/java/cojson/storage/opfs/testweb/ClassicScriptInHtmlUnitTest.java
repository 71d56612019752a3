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
 * browser, no OPFS, so cojson's row store in memory. A fast check that the JS build works at all.
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
    void theClassicScriptBuildWritesAndReadsCojsonRowsInAMemoryStore() throws Exception {
        try (WebClient browser = new WebClient(BrowserVersion.CHROME)) {
            browser.getOptions().setThrowExceptionOnScriptError(true);
            HtmlPage page = browser.getPage(server.url("/site/classic-script.html"));

            run(page, "var rows = openRowsMemory(null);"
                    + "var co = rows.upsertCoValue('co_zA', '{\"type\":\"comap\"}');"
                    + "var tx = rows.begin();"
                    + "var ses = tx.addSessionUpdate(co, 'a_session_z1', 2, 'signature_z2', -1);"
                    + "tx.addTransaction(ses, 0, '{\"changes\":\"zero \u2713\"}');"
                    + "tx.addTransaction(ses, 1, '{\"changes\":\"one\"}');");
            assertEquals("{\"rowID\":1,\"coValue\":1,\"sessionID\":\"a_session_z1\",\"lastIdx\":2,\"lastSignature\":\"signature_z2\"}",
                    run(page, "tx.getSingleCoValueSession(co, 'a_session_z1')"), "a transaction reads its own writes");
            assertEquals("[]", run(page, "text(rows.getCoValueSessions(co))"), "the store does not see an uncommitted transaction");

            run(page, "tx.commit()");
            assertEquals("[{\"ses\":1,\"idx\":0,\"tx\":{\"changes\":\"zero \u2713\"}},{\"ses\":1,\"idx\":1,\"tx\":{\"changes\":\"one\"}}]",
                    run(page, "text(rows.getNewTransactionInSession(ses, 0, 9))"));
            assertEquals("{\"rowID\":1,\"id\":\"co_zA\",\"header\":{\"type\":\"comap\"}}", run(page, "text(rows.getCoValue('co_zA'))"));
            assertNull(run(page, "rows.getCoValue('co_zB')"), "an unknown coValue is null (undefined to cojson)");
            assertEquals("js", run(page, "JSON.parse(rows.stats()).engine"));
            assertEquals("false", run(page, "String(isOpfsSupported())"));
        }
    }

    private static Object run(HtmlPage page, String script) {
        return page.executeJavaScript(script).getJavaScriptResult();
    }
}
