package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The walking skeleton end to end: Java engine → TeaVM build → the package's /worker entry → an
 * OPFS file in a dedicated worker of headless Chromium → disk → a new browser process.
 */
class OpfsPersistenceTest extends BrowserTest {
    private static final String BIG_VALUE = patterned(70_000);
    /** Stands for BIG_VALUE in assertions, so that a failure message stays readable. */
    private static final String BIG = "<the 70000-character value>";

    @ParameterizedTest(name = "committed keys written through the {0} build are read back after the browser restarts")
    @ValueSource(strings = { "wasm-gc", "js" })
    void committedKeysAreReadBackAfterTheBrowserRestarts(String engine, @TempDir Path profileDir) {
        String name = "persistence-" + engine;
        List<List<List<String>>> batches = List.of(
                List.of(put("greeting", "hello, OPFS"),
                        put("unicode ✓ ключ 鍵", "värde 😀"),
                        put("empty", ""),
                        put("big", BIG_VALUE),
                        put("overwritten", "first"),
                        put("deleted", "soon gone")),
                List.of(put("overwritten", "second"),
                        List.of("delete", "deleted")));

        Map<String, Object> written = inFreshBrowser(profileDir, Map.of("name", name, "engine", engine, "batches", batches));
        assertEquals(engine, stats(written).get("engine"), "the requested build ran the write");

        List<String> keys = List.of("greeting", "unicode ✓ ключ 鍵", "empty", "big", "overwritten", "deleted", "never-written");
        Map<String, Object> read = inFreshBrowser(profileDir, Map.of("name", name, "engine", engine, "keys", keys));

        assertEquals(engine, stats(read).get("engine"), "the requested build ran the read");
        assertEquals(Arrays.asList("hello, OPFS", "värde 😀", "", BIG, "second", null, null),
                abbreviated(read.get("values")));
        assertEquals(List.of(
                        List.of("big", BIG),
                        List.of("empty", ""),
                        List.of("greeting", "hello, OPFS"),
                        List.of("overwritten", "second"),
                        List.of("unicode ✓ ключ 鍵", "värde 😀")),
                abbreviated(read.get("entries")), "a scan returns exactly the surviving entries, in UTF-8 byte order");
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

    private static List<String> put(String key, String value) {
        return List.of("put", key, value);
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
