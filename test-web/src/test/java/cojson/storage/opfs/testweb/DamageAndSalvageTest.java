package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A closed store's OPFS file damaged through a sync access handle of its own (site/crash/damage-worker.js):
 * bytes flipped in each header slot, in tree pages, in log frames; the file cut at several lengths,
 * shorter than a header included. Each reopen must give exactly the data committed, or fail with
 * CORRUPT and a message; never other data. Every commit in the log was acknowledged, and the log
 * watermark says so (format 3), so damage to any log frame is CORRUPT too, not an earlier commit. Then salvage: a damaged tree page, salvageOpfsStore,
 * and every CoValue it exported compared row by row with the original, from the returned bytes and
 * from a new OPFS file written with them.
 */
class DamageAndSalvageTest extends BrowserTest {
    /** Each case, and what it may give. */
    private static final Map<String, Set<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("nothing damaged (the bytes as written back)", Set.of("EXACT"));
        EXPECTED.put("a byte of header slot 0", Set.of("EXACT"));
        EXPECTED.put("a byte of header slot 1", Set.of("EXACT"));
        EXPECTED.put("a byte of both header slots", Set.of("CORRUPT"));
        // A page the tree does not reach (free) may be hit: the data is then exact.
        EXPECTED.put("a byte of the root's page region (page 2)", Set.of("EXACT", "CORRUPT"));
        EXPECTED.put("a byte of a tree page in the middle", Set.of("EXACT", "CORRUPT"));
        EXPECTED.put("a byte of the last tree page", Set.of("EXACT", "CORRUPT"));
        // The log watermark says every frame was acknowledged: one that fails its checksum is damage,
        // not a torn tail, so the store does not open at an earlier commit in silence.
        EXPECTED.put("a byte of the first log frame's header", Set.of("CORRUPT"));
        EXPECTED.put("a byte of the last log frame", Set.of("CORRUPT"));
        EXPECTED.put("cut to 0 bytes", Set.of("EMPTY"));
        EXPECTED.put("cut to 1 byte", Set.of("CORRUPT"));
        EXPECTED.put("cut to 100 bytes (less than a header)", Set.of("CORRUPT"));
        EXPECTED.put("cut to 127 bytes", Set.of("CORRUPT"));
        EXPECTED.put("cut inside header slot 1", Set.of("CORRUPT"));
        EXPECTED.put("cut inside the page space", Set.of("CORRUPT"));
        EXPECTED.put("cut at the end of the page space (the whole log)", Set.of("CORRUPT"));
        EXPECTED.put("cut inside the last log frame", Set.of("CORRUPT"));
    }

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build("crash/damage-worker.js");
    }

    @ParameterizedTest(name = "on the {0} build, a damaged file opens exactly or fails with CORRUPT; salvage exports intact CoValues exactly")
    @ValueSource(strings = { "wasm-gc", "js" })
    @SuppressWarnings("unchecked")
    void damagedFilesNeverOpenToWrongDataAndSalvageExportsIntactCoValuesExactly(String engine, @TempDir Path profileDir) {
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/crash/bad-input.html"));
            Map<String, Object> value = (Map<String, Object>) page.evaluate(
                    "request => runWorker('/pkg/target/damage-worker.js', request)",
                    Map.of("name", "damage-" + engine, "engine", engine));
            List<Map<String, Object>> cases = (List<Map<String, Object>>) value.get("cases");
            StringBuilder table = new StringBuilder("damage on " + engine + ":\n");
            List<String> wrong = new ArrayList<>();
            for (Map<String, Object> c : cases) {
                String name = (String) c.get("name");
                String outcome = (String) c.get("outcome");
                String message = (String) c.get("message");
                table.append(String.format("  %-50s -> %s %s%n", name, outcome, message));
                if (!EXPECTED.getOrDefault(name, Set.of()).contains(outcome)
                        || (outcome.equals("CORRUPT") && message.isEmpty())) {
                    wrong.add(name + ": expected one of " + EXPECTED.get(name) + ", got " + outcome + " " + message);
                }
            }
            Map<String, Object> salvage = (Map<String, Object>) value.get("salvage");
            table.append(String.format("  salvage after damaging page %s: %s CoValues exported, %s left out %s%n%s",
                    salvage.get("damagedPage"), salvage.get("intact"), ((List<?>) salvage.get("damaged")).size(),
                    salvage.get("damaged"), salvage.get("report")));
            System.out.print(table);
            assertEquals(List.copyOf(EXPECTED.keySet()), cases.stream().map(c -> c.get("name")).toList());
            assertEquals(List.of(), wrong, "damage cases with an outcome outside what is allowed");
            assertEquals(List.of(), salvage.get("wrong"), "exported CoValues that differ from the original");
            assertTrue(((Number) salvage.get("intact")).intValue() > 0, "salvage kept the CoValues the damage missed");
            assertFalse(((List<?>) salvage.get("damaged")).isEmpty(), "salvage left the damaged CoValue out");
            assertEquals(((Number) salvage.get("intact")).intValue(), ((Number) salvage.get("exportedIds")).intValue(),
                    "the exported store holds exactly the CoValues reported intact");
        }
    }
}
