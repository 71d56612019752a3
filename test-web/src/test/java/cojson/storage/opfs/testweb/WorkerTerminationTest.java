package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine in the browser under the crash users cause most: a worker terminated in the middle of
 * a stream of durable commits. Each commit writes a pair of transactions; after every kill a fresh worker
 * reopens the OPFS file and finds every acknowledged commit, whole, and nothing half-present.
 */
class WorkerTerminationTest extends BrowserTest {
    private static final int KILLS = 12;

    @ParameterizedTest(name = "a {0} store killed mid-stream reopens with every acknowledged commit")
    @ValueSource(strings = { "wasm-gc", "js" })
    void aStoreKilledMidStreamReopensWithEveryAcknowledgedCommit(String engine, @TempDir Path profileDir) {
        String name = "termination-" + engine;
        Random random = new Random(engine.hashCode());
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/stream-worker.html"));
            int next = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                int killAfter = 1 + random.nextInt(400);
                int lastAcked = ((Number) page.evaluate("([request, n]) => streamAndKill(request, n)",
                        List.of(Map.of("name", name, "engine", engine, "from", next), killAfter))).intValue();
                int present = checkedPrefix(page, name, engine, "kill " + kill + " after " + killAfter + " acks");
                assertTrue(present > lastAcked, "kill " + kill + ": commit " + lastAcked
                        + " was acknowledged but the reopened store ends before it (" + present + " commits)");
                next = present;
            }
        }
    }

    /**
     * Reads the store back and checks it holds exactly commits 0..n-1, each with both keys; returns n.
     * A commit is one batch, so a key without its pair would be a torn commit.
     */
    @SuppressWarnings("unchecked")
    private static int checkedPrefix(Page page, String name, String engine, String where) {
        Map<String, Object> answer = (Map<String, Object>) page.evaluate("request => readStore(request)",
                Map.of("name", name, "engine", engine));
        List<List<String>> entries = (List<List<String>>) answer.get("entries");
        assertEquals(0, entries.size() % 2, where + ": an odd number of keys means a half-present commit");
        int commits = entries.size() / 2;
        for (int i = 0; i < commits; i++) {
            String suffix = String.format("%08d", i);
            assertEquals(List.of("a" + suffix, "value " + i), entries.get(i), where);
            assertEquals(List.of("b" + suffix, "value " + i), entries.get(commits + i), where);
        }
        return commits;
    }
}
