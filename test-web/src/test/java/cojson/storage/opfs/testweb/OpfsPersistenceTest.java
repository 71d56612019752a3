package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine end to end: Java engine → TeaVM build → cojson's row store on an OPFS file in a
 * dedicated worker of headless Chromium → disk → a new browser process.
 */
class OpfsPersistenceTest extends BrowserTest {
    private static final String BIG_VALUE = patterned(70_000);
    /** Stands for BIG_VALUE in assertions, so that a failure message stays readable. */
    private static final String BIG = "<the 70000-character value>";

    @ParameterizedTest(name = "committed rows written through the {0} build are read back after the browser restarts")
    @ValueSource(strings = { "wasm-gc", "js" })
    void committedRowsAreReadBackAfterTheBrowserRestarts(String engine, @TempDir Path profileDir) {
        String name = "persistence-" + engine;
        String kept = "co_zKept ✓ ключ 鍵";
        List<List<List<Object>>> batches = List.of(
                List.of(tx(kept, "greeting", 0, "hello, OPFS"),
                        tx(kept, "unicode", 0, "värde 😀"),
                        tx(kept, "empty", 0, ""),
                        tx(kept, "big", 0, BIG_VALUE),
                        tx(kept, "overwritten", 0, "first"),
                        tx("co_zErased", "soon-gone", 0, "erased with its coValue's content")),
                List.of(tx(kept, "overwritten", 0, "second"),
                        tx(kept, "greeting", 1, "again"),
                        List.of("erase", "co_zErased")));

        Map<String, Object> written = inFreshBrowser(profileDir, Map.of("name", name, "engine", engine, "batches", batches));
        assertEquals(engine, stats(written).get("engine"), "the requested build ran the write");

        Map<String, Object> read = inFreshBrowser(profileDir, Map.of("name", name, "engine", engine,
                "read", List.of(kept, "co_zErased", "co_zNeverWritten")));
        assertEquals(engine, stats(read).get("engine"), "the requested build ran the read");
        Map<?, ?> coValues = (Map<?, ?>) read.get("coValues");
        assertEquals(Map.of("type", "comap", "ruleset", Map.of("type", "unsafeAllowAll"), "meta", Map.of("title", kept),
                "uniqueness", kept), ((Map<?, ?>) coValues.get(kept)).get("header"));
        assertEquals(List.of(
                        List.of("greeting", List.of("hello, OPFS", "again")),
                        List.of("unicode", List.of("värde 😀")),
                        List.of("empty", List.of("")),
                        List.of("big", List.of(BIG)),
                        List.of("overwritten", List.of("second"))),
                abbreviated(((Map<?, ?>) coValues.get(kept)).get("sessions")),
                "every session in creation order with exactly its transactions, the overwritten one as last written");
        assertEquals(List.of(), ((Map<?, ?>) coValues.get("co_zErased")).get("sessions"), "an erased coValue keeps its row, no sessions");
        assertEquals(null, coValues.get("co_zNeverWritten"));
    }

    /** Launches the browser on the profile, runs one request in a worker, and closes the browser. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> inFreshBrowser(Path profileDir, Map<String, Object> request) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/store-worker.html"));
            return (Map<String, Object>) page.evaluate("request => runInWorker(request)", request);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("stats");
    }

    /** The answer with every exact copy of BIG_VALUE replaced by BIG (anything else left as it is). */
    private static Object abbreviated(Object answer) {
        if (answer instanceof List<?> list) {
            return list.stream().map(OpfsPersistenceTest::abbreviated).collect(Collectors.toList());
        }
        return BIG_VALUE.equals(answer) ? BIG : answer;
    }

    private static List<Object> tx(String coValue, String session, int idx, String changes) {
        return List.of("tx", coValue, session, idx, changes);
    }

    /** A long value whose every position is checkable: "0:1:2:…" cut to length. */
    private static String patterned(int length) {
        StringBuilder text = new StringBuilder(length + 8);
        for (int i = 0; text.length() < length; i++) {
            text.append(i).append(':');
        }
        return text.substring(0, length);
    }
}
