package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers terminated at random points of cojson-shaped writes on an OPFS file, and pages closed
 * while their worker writes. Each round a fresh worker (site/crash/crash-worker.js) reopens the
 * file, checks the sessions the last, killed round wrote, and writes the next round: multi-row
 * commits (addSessionUpdate, 1–200 addTransaction, sometimes addSignatureAfter, in one
 * transaction()) or a stream of one-row commits, each acknowledged to the page once transaction()
 * returned. After every crash: every acknowledged commit is there, each session's lastIdx is at a
 * commit boundary with exactly rows 0..lastIdx-1 stored, their exact content, no row past it, and
 * signatures only where written; verify() is clean. The file keeps growing, so checkpoints happen
 * between crash points; a full check of every session ends each build. Most rounds write a few
 * commits and are killed at a random point of that time (in practice between commits, see
 * {@link #UNTIL_KILLED_EVERY}); every eighth writes until killed, which lands inside commits.
 * {@code -Dcrash.seed=N} replays a run; {@code -Dcrash.kills=N} sets the kills per build.
 */
class CrashPointsTest extends BrowserTest {
    private static final int KILLS_PER_BUILD = Integer.getInteger("crash.kills", 100);
    private static final int PAGE_CLOSE_EVERY = 34;
    /**
     * A kill is sent at a random fraction, up to this, of the last round's writing time (a round
     * writes its commits back to back, then idles); about a third are sent before the last commit.
     */
    private static final double KILL_WINDOW = 3.0;
    /**
     * Every this many rounds, the worker writes multi-row commits until killed, without a task
     * boundary: Chromium lets a worker finish its running task before terminate() takes effect,
     * unless the task runs on past a grace period, so only these rounds' kills land inside a commit
     * (measured: a writer that split each commit in two went unnoticed over 60 kills of bounded
     * rounds, and was caught within 4 kills of a writer that never yielded).
     */
    private static final int UNTIL_KILLED_EVERY = 8;
    /** Sessions a round that wrote until killed is checked for: all of them, in practice. */
    private static final int UNTIL_KILLED_PICKS = 1000;

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build("crash/crash-worker.js");
    }

    @ParameterizedTest(name = "on the {0} build, a worker killed or a page closed mid-write loses no acknowledged commit and leaves no partial one")
    @ValueSource(strings = { "wasm-gc", "js" })
    @SuppressWarnings("unchecked")
    void crashesAtRandomPointsKeepEveryAcknowledgedCommitAndNoPartialOne(String engine, @TempDir Path profileDir) {
        int seed = Integer.getInteger("crash.seed", 1000 + engine.length());
        Random random = new Random(seed);
        String name = "crash-" + engine;
        Map<String, Integer> acked = new HashMap<>();
        Map<String, Object> previous = null;
        int kills = 0;
        int pageCloses = 0;
        int commitsAcked = 0;
        long checkpoints = 0;
        double[] checkMillis = new double[3];
        long started = System.nanoTime();
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/crash/crash.html"));
            for (int round = 0; kills < KILLS_PER_BUILD; round++) {
                boolean stream = random.nextBoolean();
                int commits = stream ? 1 + random.nextInt(40) : 1 + random.nextInt(4);
                double killAt = random.nextDouble() * KILL_WINDOW;
                int killAfterAcks = 1 + random.nextInt(commits);
                boolean closePage = round % PAGE_CLOSE_EVERY == PAGE_CLOSE_EVERY - 1;
                boolean untilKilled = !closePage && round % UNTIL_KILLED_EVERY == UNTIL_KILLED_EVERY - 1;
                if (untilKilled) {
                    stream = false;
                }
                String where = engine + " seed " + seed + " round " + round + " (" + (untilKilled ? "until killed" : commits)
                        + (stream ? " one-row" : " multi-row") + " commits, " + (closePage ? "page closed after " + killAfterAcks + " acks"
                        : String.format("killed at %.2f of the last round's writing time", killAt)) + ")";
                Map<String, Object> request = new HashMap<>(Map.of("name", name, "engine", engine, "seed", seed,
                        "round", round, "stream", stream, "maxCommits", commits, "untilKilled", untilKilled));
                if (previous != null) {
                    Map<String, Object> check = new HashMap<>(previous);
                    check.put("acked", new HashMap<>(acked));
                    request.put("check", check);
                }
                Map<String, Object> result = closePage
                        ? runAndClosePage(browser, request, killAfterAcks)
                        : (Map<String, Object>) page.evaluate("([request, killAt]) => crashRound(request, killAt)",
                                List.of(request, killAt));
                assertClean((Map<String, Object>) result.get("check"), acked, where + ", checking the round before");
                List<Number> ms = (List<Number>) ((Map<String, Object>) result.get("check")).get("ms");
                for (int i = 0; ms != null && i < 3; i++) {
                    checkMillis[i] += ms.get(i).doubleValue();
                }
                List<Map<String, Object>> acks = (List<Map<String, Object>>) result.get("acks");
                for (Map<String, Object> ack : acks) {
                    acked.merge((String) ack.get("session"), ((Number) ack.get("lastIdx")).intValue(), Math::max);
                }
                commitsAcked += acks.size();
                checkpoints += ((Number) result.get("checkpoints")).longValue();
                if (closePage) {
                    pageCloses++;
                } else {
                    kills++;
                }
                previous = Map.of("seed", seed, "round", round, "stream", stream, "picks", untilKilled ? UNTIL_KILLED_PICKS : commits);
            }
            Map<String, Object> all = (Map<String, Object>) page.evaluate("request => crashCheckAll(request)",
                    Map.of("name", name, "engine", engine, "acked", acked));
            assertClean(all, acked, engine + " seed " + seed + ", the full check at the end");
            Map<String, Object> stats = (Map<String, Object>) all.get("stats");
            // Generation 1 is the created file; each checkpoint since adds one, whichever worker ran it.
            long checkpointsCrossed = ((Number) all.get("generation")).longValue() - 1;
            assertTrue(checkpointsCrossed > 0, "the file grew through checkpoints between crash points");
            System.out.printf("crash points in %s on %s, seed %d: %d workers killed + %d pages closed = %d crash points,"
                    + " 0 failures; %d commits acknowledged in %d sessions, %d checkpoints crossed (%d seen by a worker before"
                    + " its last acknowledgement), file %s bytes, %d ms"
                    + " (in the workers: opening %.0f ms, checking rows %.0f ms, verify() %.0f ms)%n",
                    browserKind, engine, seed, kills, pageCloses, kills + pageCloses, commitsAcked, acked.size(), checkpointsCrossed,
                    checkpoints, stats.get("fileBytes"), (System.nanoTime() - started) / 1_000_000, checkMillis[0], checkMillis[1],
                    checkMillis[2]);
        }
    }

    /**
     * Runs a round in a page of its own and closes that page (and with it the worker) once
     * {@code killAfterAcks} acknowledgements arrived: only those that had reached the test by then count.
     */
    private static Map<String, Object> runAndClosePage(BrowserContext browser, Map<String, Object> request,
                                                       int killAfterAcks) {
        List<Map<String, Object>> acks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long[] checkpoints = new long[1];
        Page page = browser.newPage();
        page.onConsoleMessage(message -> {
            String[] words = message.text().split(" ");
            if (words[0].equals("crash-ack")) {
                acks.add(Map.of("session", words[1], "lastIdx", Integer.parseInt(words[2])));
                checkpoints[0] = Long.parseLong(words[3]);
            } else if (words[0].equals("crash-error")) {
                errors.add(message.text());
            }
        });
        page.navigate(server.url("/site/crash/crash.html"));
        page.evaluate("request => crashRunLogging(request)", request);
        page.waitForCondition(() -> acks.size() >= killAfterAcks || !errors.isEmpty());
        Map<String, Object> result = new HashMap<>();
        result.put("check", page.evaluate("() => window.crashCheck"));
        page.close();
        assertEquals(List.of(), errors, "the page's worker failed");
        result.put("checkpoints", checkpoints[0]);
        result.put("acks", new ArrayList<>(acks));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void assertClean(Map<String, Object> check, Map<String, Integer> acked, String where) {
        assertTrue(check != null, where + ": the worker reported no check");
        assertEquals(List.of(), check.get("problems"), where + ": the store");
        for (Map<String, Object> session : (List<Map<String, Object>>) check.get("sessions")) {
            String id = (String) session.get("id");
            assertEquals(List.of(), session.get("problems"), where + ": session " + id);
            int lastIdx = ((Number) session.get("lastIdx")).intValue();
            assertTrue(lastIdx >= acked.getOrDefault(id, 0), where + ": session " + id + " holds " + lastIdx
                    + " rows, but " + acked.get(id) + " were acknowledged");
        }
    }
}
