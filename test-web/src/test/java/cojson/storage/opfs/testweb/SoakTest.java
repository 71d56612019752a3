package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak (not in CI: {@code bash scripts/soak.sh [--minutes N] [--seed S]}). For N minutes, one
 * OPFS store under a cojson LocalNode doing a seeded random workload (CoMaps and CoLists created,
 * keys set, items appended, one storage transaction each, sometimes a few batched), in sessions
 * that end either in a worker crash ({@code terminate()} at a random moment, also mid-commit) or in
 * a clean close. After every session a fresh worker loads every coValue from OPFS alone: every
 * write whose storage transaction had returned must be there, and {@code verify()} must pass.
 * Sessions alternate at random between the Wasm GC and the JS build on the same file.
 */
@Tag("soak")
class SoakTest extends BrowserTest {

    @BeforeAll
    static void bundle() {
        CojsonBrowserBundle.build("faults/soak-worker.js");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAcknowledgedWriteSurvivesCrashesAndReopensForTheWholeRun(@TempDir Path profileDir) {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "5"));
        long seed = Long.parseLong(System.getProperty("soak.seed", "0"));
        if (seed == 0) {
            seed = System.nanoTime() & 0xFFFFFFL;
        }
        Random random = new Random(seed);
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        Map<String, Object> account = null;
        List<Map<String, Object>> coValues = new ArrayList<>();
        Map<String, Set<String>> acked = new HashMap<>();
        long operations = 0;
        int crashes = 0;
        int closes = 0;
        int opens = 0;
        int sessions = 0;
        List<String> failures = new ArrayList<>();
        long fileBytes = 0;
        System.out.printf("[soak] %s: seed %d, %.1f minutes%n", browserKind, seed, minutes);
        try (BrowserContext browser = launch(profileDir)) {
            Page page = browser.newPage();
            page.navigate(server.url("/site/faults/soak.html"));
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                String engine = random.nextBoolean() ? "wasm-gc" : "js";
                boolean crash = random.nextInt(4) != 0;
                Map<String, Object> request = new LinkedHashMap<>(Map.of("name", "soak", "engine", engine,
                        "seed", random.nextInt(1 << 30), "coValues", coValues));
                if (account != null) {
                    request.put("account", account);
                }
                if (!crash) {
                    request.put("closeAfterOps", 50 + random.nextInt(400));
                }
                int killAfterAcks = crash ? 1 + random.nextInt(400) : 0;
                int delayMs = random.nextInt(8);
                String where = "session " + sessions + " (" + engine + ", " + (crash
                        ? "killed " + delayMs + " ms after " + killAfterAcks + " acks" : "closed after " + request.get("closeAfterOps") + " edits") + ")";
                Map<String, Object> outcome;
                try {
                    outcome = (Map<String, Object>) page.evaluate("([request, n, delayMs]) => runSession(request, n, delayMs)",
                            List.of(request, killAfterAcks, delayMs));
                } catch (RuntimeException e) {
                    failures.add(where + ": " + e.getMessage());
                    break;
                }
                sessions++;
                opens++;
                if (outcome.get("account") != null) {
                    account = (Map<String, Object>) outcome.get("account");
                }
                coValues.addAll((List<Map<String, Object>>) outcome.get("created"));
                for (List<String> pair : (List<List<String>>) outcome.get("acked")) {
                    acked.computeIfAbsent(pair.get(0), k -> new HashSet<>()).add(pair.get(1));
                    operations++;
                }
                if (Boolean.TRUE.equals(outcome.get("killed"))) {
                    crashes++;
                } else {
                    closes++;
                }
                if (account == null) {
                    continue; // killed before the account was in storage: nothing acknowledged yet
                }
                Map<String, Object> check;
                try {
                    check = (Map<String, Object>) page.evaluate("request => runCheck(request)",
                            Map.of("name", "soak", "engine", engine, "account", account, "coValues", coValues));
                } catch (RuntimeException e) {
                    failures.add(where + ", reading back: " + e.getMessage());
                    break;
                }
                opens++;
                fileBytes = ((Number) ((Map<String, Object>) check.get("stats")).get("fileBytes")).longValue();
                Map<String, Object> tokens = (Map<String, Object>) check.get("tokens");
                for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
                    Object present = tokens.get(e.getKey());
                    if (!(present instanceof List)) {
                        failures.add(where + ": coValue " + e.getKey() + " with acknowledged writes is " + present);
                        continue;
                    }
                    Set<String> missing = new HashSet<>(e.getValue());
                    missing.removeAll(new HashSet<>((List<String>) present));
                    if (!missing.isEmpty()) {
                        failures.add(where + ": " + missing.size() + " acknowledged writes missing from " + e.getKey()
                                + ", e.g. " + missing.iterator().next());
                    }
                }
            }
        }
        System.out.printf("[soak] %s: seed %d: %d sessions, %d acknowledged operations, %d crashes survived, %d clean closes,"
                + " %d reopens (each session and read-back after the first), %d coValues, file %d bytes, %d failures%n",
                browserKind, seed, sessions, operations, crashes, closes, Math.max(0, opens - 1), coValues.size(), fileBytes,
                failures.size());
        failures.forEach(f -> System.out.println("[soak] " + browserKind + ": FAILURE " + f));
        assertEquals(List.of(), failures, "seed " + seed);
    }
}
