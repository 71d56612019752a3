package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cojson LocalNode on our OPFS store, its worker terminated in the middle of a stream of CoMap
 * edits (one cojson storage transaction each). A commit is acknowledged once the worker posted that
 * the storage client's transaction() returned for it; after the kill a fresh worker loads the
 * account and the CoMap from OPFS alone and must find every acknowledged edit, and the edits it
 * finds must be a gapless prefix of the stream.
 */
class CojsonWorkerTerminationTest extends BrowserTest {
    private static final int KILLS = 8;

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build();
    }

    @ParameterizedTest(name = "a LocalNode on the {0} build, killed mid-stream, reloads every acknowledged CoMap edit from OPFS")
    @ValueSource(strings = { "wasm-gc", "js" })
    @SuppressWarnings("unchecked")
    void aKilledLocalNodeReloadsEveryAcknowledgedEdit(String engine, @TempDir Path profileDir) {
        String name = "cojson-termination-" + engine;
        long seed = engine.hashCode();
        Random random = new Random(seed);
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/cojson/cojson.html"));
            // Every round adds a new account and CoMap to the same file, so each reopen also
            // finds the earlier rounds' data under the new commits.
            for (int kill = 0; kill < KILLS; kill++) {
                int killAfterAcks = 1 + random.nextInt(80);
                int delayMs = random.nextInt(6);
                String where = "seed " + seed + ", kill " + kill + " " + delayMs + " ms after " + killAfterAcks + " acks";
                Map<String, Object> streamed = (Map<String, Object>) page.evaluate(
                        "([request, n, delayMs]) => streamAndKill(request, n, delayMs)",
                        List.of(Map.of("name", name, "engine", engine), killAfterAcks, delayMs));
                List<String> acked = (List<String>) streamed.get("acked");
                assertEquals(stream(acked.size()), acked, where + ": acknowledgements arrive in stream order");

                Map<String, Object> read = new LinkedHashMap<>(Map.of("op", "read", "name", name, "engine", engine));
                for (String credential : List.of("accountID", "accountSecret", "mapID")) {
                    read.put(credential, streamed.get(credential));
                }
                Map<String, Object> reloaded = (Map<String, Object>) page.evaluate("request => runCojson(request)", read);
                Map<String, Object> fields = (Map<String, Object>) reloaded.get("fields");
                assertTrue(fields.size() >= acked.size(), where + ": " + acked.size()
                        + " edits were acknowledged but only " + fields.size() + " came back");
                Map<String, Object> expected = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    expected.put(stream(i + 1).get(i), i);
                }
                assertEquals(expected, numbersAsInts(fields), where + ": the edits that came back are a gapless prefix");
                System.out.printf("cojson kill on %s (%s): %d edits acknowledged, %d came back (the rest committed"
                        + " before terminate() landed)%n", engine, where, acked.size(), fields.size());
            }
        }
    }

    /** The stream's first n keys: s000000, s000001, … */
    private static List<String> stream(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("s%06d", i)).toList();
    }

    private static Map<String, Object> numbersAsInts(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.replaceAll((key, value) -> value instanceof Number number ? number.intValue() : value);
        return copy;
    }
}
