package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cojson on our store in the browser: a LocalNode in a dedicated worker, storage = the package's
 * /worker entry on an OPFS file, no sync peer. What it writes must come back from OPFS alone after
 * the page reloads and after the browser restarts, read through the other client (sync or async)
 * than the one that wrote it: both store the same rows.
 */
class CojsonOpfsReloadTest extends BrowserTest {
    /** Larger than cojson's ~100 KiB checkpoint interval, so a signature row is written and read too. */
    private static final String LONG_TEXT = "0123456789abcdef".repeat(9_000);
    /** Stands for LONG_TEXT in assertions, so a failure message stays readable. */
    private static final String LONG = "<the 144000-character text>";

    private static final List<List<Object>> EDITS = List.of(
            List.of("title", "draft"),
            List.of("count", 1),
            List.of("title", "final ✓ 鍵"),
            List.of("count", 2),
            List.of("tags", List.of("opfs", "cojson")),
            List.of("note", "värde 😀"),
            List.of("long", LONG_TEXT));

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build();
    }

    @ParameterizedTest(name = "a CoMap written through the {1} client on the {0} build comes back from OPFS through the {2} client after a reload and a browser restart")
    @CsvSource({ "wasm-gc, sync, async", "wasm-gc, async, sync", "js, sync, async", "js, async, sync" })
    void aCoMapComesBackFromOpfsAfterAReloadAndABrowserRestart(String engine, String writeClient, String readClient,
            @TempDir Path profileDir) {
        String name = "cojson-reload-" + engine + "-" + writeClient;
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("title", "final ✓ 鍵");
        expected.put("count", 2);
        expected.put("tags", List.of("opfs", "cojson"));
        expected.put("note", "värde 😀");
        expected.put("long", LONG);

        Map<String, Object> read = new LinkedHashMap<>(Map.of("op", "read", "name", name, "engine", engine, "client", readClient));
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/cojson/cojson.html"));
            Map<String, Object> created = run(page,
                    Map.of("op", "create", "name", name, "engine", engine, "client", writeClient, "edits", EDITS));
            assertEquals(engine, stats(created).get("engine"), "the requested build ran the writes");
            for (String credential : List.of("accountID", "accountSecret", "mapID")) {
                read.put(credential, created.get(credential));
            }

            page.reload();
            Map<String, Object> afterReload = run(page, read);
            assertEquals(engine, stats(afterReload).get("engine"), "the requested build ran the read");
            assertEquals(expected, abbreviated(afterReload.get("fields")), "after the page reloaded");
            System.out.printf("cojson in %s on %s OPFS, %s client: account + CoMap loaded after a reload in %.1f ms%n",
                    browserKind, engine, readClient, ((Number) afterReload.get("loadMs")).doubleValue());
        }
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/cojson/cojson.html"));
            Map<String, Object> afterRestart = run(page, read);
            assertEquals(expected, abbreviated(afterRestart.get("fields")), "after the browser restarted");
            System.out.printf("cojson in %s on %s OPFS, %s client: account + CoMap loaded after a browser restart in %.1f ms%n",
                    browserKind, engine, readClient, ((Number) afterRestart.get("loadMs")).doubleValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(Page page, Map<String, Object> request) {
        return (Map<String, Object>) page.evaluate("request => runCojson(request)", request);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("stats");
    }

    /** The fields with LONG_TEXT replaced by LONG; "unavailable" (the CoMap did not load) as it is. */
    @SuppressWarnings("unchecked")
    private static Object abbreviated(Object fields) {
        if (!(fields instanceof Map<?, ?>)) {
            return fields;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) fields);
        copy.replaceAll((key, value) -> LONG_TEXT.equals(value) ? LONG : value);
        return copy;
    }
}
