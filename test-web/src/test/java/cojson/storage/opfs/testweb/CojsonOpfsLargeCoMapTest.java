package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CoMap with a long history on our OPFS store: every edit its own cojson transaction (so its
 * session holds thousands of transaction rows and several checkpoint signatures), loaded back by
 * a LocalNode after the page reloads. Prints the write and load times.
 */
class CojsonOpfsLargeCoMapTest extends BrowserTest {
    /** 2,000 in CI; {@code -Dcojson.transactions=10000} measures the load of BENCHMARKS.md's W2 size. */
    private static final int TRANSACTIONS = Integer.getInteger("cojson.transactions", 2_000);
    private static final int KEYS = 100;

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build();
    }

    @ParameterizedTest(name = "a CoMap of thousands of transactions on the {0} build loads back from OPFS after a reload with each key's last value")
    @ValueSource(strings = { "wasm-gc", "js" })
    @SuppressWarnings("unchecked")
    void aCoMapOfThousandsOfTransactionsLoadsBackAfterAReload(String engine, @TempDir Path profileDir) {
        List<List<Object>> edits = new ArrayList<>();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            String key = "k" + (i % KEYS);
            edits.add(List.of(key, i));
            expected.put(key, i);
        }
        String name = "cojson-large-" + engine;
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/cojson/cojson.html"));
            Map<String, Object> created = (Map<String, Object>) page.evaluate("request => runCojson(request)",
                    Map.of("op", "create", "name", name, "engine", engine, "edits", edits, "oneTransactionEach", true));

            page.reload();
            Map<String, Object> read = new LinkedHashMap<>(Map.of("op", "read", "name", name, "engine", engine));
            for (String credential : List.of("accountID", "accountSecret", "mapID")) {
                read.put(credential, created.get(credential));
            }
            Map<String, Object> loaded = (Map<String, Object>) page.evaluate("request => runCojson(request)", read);
            Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) loaded.get("fields"));
            fields.replaceAll((key, value) -> value instanceof Number number ? number.intValue() : value);
            assertEquals(expected, fields);
            System.out.printf("cojson in %s on %s OPFS: %d transactions written in %.0f ms, loaded after a reload in %.1f ms"
                            + " (file %s bytes)%n", browserKind, engine, TRANSACTIONS, ((Number) created.get("writeMs")).doubleValue(),
                    ((Number) loaded.get("loadMs")).doubleValue(), ((Map<String, Object>) loaded.get("stats")).get("fileBytes"));
        }
    }
}
