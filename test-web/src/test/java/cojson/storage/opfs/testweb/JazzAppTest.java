package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cojson.storage.opfs.testweb.JazzApp.Bundler;
import cojson.storage.opfs.testweb.JazzAppPage.OriginStorage;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Jazz app (worker-js/test/jazz-app: JazzReactProvider, a co.map/co.list schema, demo
 * auth, no sync server), set up only by the README's recipe and built inside the run by Vite 8,
 * Vite 8's dev server, Vite 7 and webpack 5, used as a person would in each installed browser:
 * create and edit, reload, browser restart on the same profile, two tabs editing, the owner's tab
 * closed, log out and in. After every step the data must be in the OPFS file {@code jazz-storage}
 * (present, growing), not in IndexedDB (no such database), and exactly one worker must own it (one
 * holder of the store's Web Lock, one waiter per other open tab; in Chromium one worker per tab).
 *
 * <p>Every app runs in the same browser launches (each on its own origin, so its own OPFS): a
 * bundler that fails does not stop the others, and the matrix of results is printed at the end.
 * {@code -Djazzapp.bundlers=VITE8_BUILD,WEBPACK5_BUILD} narrows the bundlers for a local run.
 */
class JazzAppTest {
    private static final String STORE = "jazz-storage";
    private static final String USER = "Ada";
    /** How long the store's lock may take to settle after a tab closes or a context is replaced. */
    private static final long SETTLE_MS = 20_000;

    private static Playwright playwright;
    private static final Map<Bundler, AppServer> SERVERS = new EnumMap<>(Bundler.class);

    @BeforeAll
    static void start() {
        playwright = Playwright.create();
        JazzApp.prepare();
    }

    @AfterAll
    static void stop() {
        closeServers();
        playwright.close();
    }

    /**
     * Stops the apps' servers started by {@link #url}; a later {@link #url} starts them again (the
     * fallback test uses the Vite 8 build after this class may have run).
     */
    static synchronized void closeServers() {
        SERVERS.values().forEach(AppServer::close);
        SERVERS.clear();
    }

    static List<Bundler> bundlers() {
        String wanted = System.getProperty("jazzapp.bundlers", "").trim();
        return wanted.isEmpty() ? List.of(Bundler.values())
                : Arrays.stream(wanted.split("\\s*,\\s*")).map(name -> Bundler.valueOf(name.toUpperCase(Locale.ROOT))).toList();
    }

    /** The app's URL under {@code bundler}: built once and served, or Vite's dev server. */
    static synchronized String url(Bundler bundler) {
        if (bundler == Bundler.VITE8_DEV) {
            return JazzApp.devServer().url;
        }
        Path dist = JazzApp.built(bundler);
        return SERVERS.computeIfAbsent(bundler, b -> AppServer.start(dist)).url("/");
    }

    @ParameterizedTest(name = "{0}: the app keeps its data in one OPFS file owned by one worker, under every bundler")
    @MethodSource("cojson.storage.opfs.testweb.Browsers#available")
    void theAppKeepsItsDataInOneOpfsFileOwnedByOneWorkerUnderEveryBundler(Browsers.Kind kind, @TempDir Path profileDir) {
        List<Run> runs = new ArrayList<>();
        for (Bundler bundler : bundlers()) {
            runs.add(new Run(bundler, kind));
        }
        for (Run run : runs) {
            run.step("build", () -> run.url = url(run.bundler));
        }
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, kind)) {
            for (Run run : runs) {
                run.step("create and edit", () -> createAndEdit(run, browser));
                run.step("reload", () -> reload(run));
            }
        }
        try (BrowserContext browser = Browsers.launch(playwright, profileDir, kind)) {
            for (Run run : runs) {
                run.step("browser restart", () -> afterRestart(run, browser));
                run.step("two tabs editing", () -> twoTabs(run, browser));
                run.step("owner tab closed", () -> ownerTabClosed(run));
                run.step("log out and in", () -> logOutAndIn(run));
                run.closePages();
            }
        }
        if (kind == Browsers.Kind.CHROMIUM) {
            runs.forEach(JazzAppTest::printDownloads);
        }
        report(kind, runs);
    }

    // ---- the steps

    private static void createAndEdit(Run run, BrowserContext browser) {
        JazzAppPage tab = run.open(browser);
        assertEquals("anonymous", tab.authState(), "a first visit starts on a new anonymous account");
        tab.signUp(USER);
        run.accountId = tab.accountId();
        for (String title : List.of("buy milk", "write tests", "ship it")) {
            tab.add(title);
        }
        tab.rename("write tests", "write more tests");
        tab.toggle("buy milk");
        run.expected = new ArrayList<>(List.of("buy milk", "write more tests", "ship it"));
        assertEquals(run.expected, tab.titles());
        tab.waitForStorage();
        run.checkStore(tab, 1, true);
    }

    private static void reload(Run run) {
        JazzAppPage tab = run.tabs.get(0).reload();
        assertSignedInWithTheData(run, tab);
        run.checkStore(tab, 1, false);
    }

    private static void afterRestart(Run run, BrowserContext browser) {
        run.tabs.clear();
        JazzAppPage tab = run.open(browser);
        assertSignedInWithTheData(run, tab);
        run.checkStore(tab, 1, false);
    }

    private static void twoTabs(Run run, BrowserContext browser) {
        JazzAppPage first = run.tabs.get(0);
        JazzAppPage second = run.open(browser);
        assertSignedInWithTheData(run, second);
        first.add("from the first tab");
        second.add("from the second tab");
        first.rename("ship it", "ship it today");
        first.waitForStorage();
        second.waitForStorage();
        run.expected.set(run.expected.indexOf("ship it"), "ship it today");
        run.expected.add("from the first tab");
        run.expected.add("from the second tab");
        run.checkStore(second, 2, true);
        // Neither tab sees the other's edit live (no sync server, no peer between the tabs), but
        // both edits are in the one store: a reload shows them merged.
        second.reload();
        assertSignedInWithTheData(run, second);
    }

    private static void ownerTabClosed(Run run) {
        Map<String, Object> stats = run.tabs.get(1).storageStats();
        JazzAppPage owner = null;
        for (JazzAppPage tab : run.tabs) {
            if (tab.storageStats().get("clientId").equals(stats.get("ownerId"))) {
                owner = tab;
            }
        }
        assertTrue(owner != null, "one of the two tabs' workers owns the store: " + stats);
        owner.page.close();
        run.tabs.remove(owner);
        JazzAppPage survivor = run.tabs.get(0);
        survivor.add("after the owner closed");
        survivor.waitForStorage();
        run.expected.add("after the owner closed");
        run.checkStore(survivor, 1, true);
        Map<String, Object> after = survivor.storageStats();
        assertEquals(after.get("clientId"), after.get("ownerId"), "the surviving tab's worker owns the store now");
        survivor.reload();
        assertSignedInWithTheData(run, survivor);
        run.checkStore(survivor, 1, false);
    }

    private static void logOutAndIn(Run run) {
        // -Djazzapp.logouts=N repeats the round, to hunt a race between the closing and the next worker.
        for (int round = Integer.getInteger("jazzapp.logouts", 1); round > 0; round--) {
            logOutAndInOnce(run);
        }
    }

    private static void logOutAndInOnce(Run run) {
        JazzAppPage tab = run.tabs.get(0);
        tab.logOut();
        assertNotEquals(run.accountId, tab.accountId(), "log out starts a new anonymous account");
        assertEquals(List.of(), tab.titles(), "the new account has no todos");
        tab.waitForStorage();
        run.checkStore(tab, 1, true);
        // With no sync server, logging in again can only load the account and its todos from the store.
        tab.logIn(USER, run.accountId);
        assertSignedInWithTheData(run, tab);
        String title = "after logging in again " + run.expected.size();
        tab.add(title);
        run.expected.add(title);
        tab.waitForStorage();
        run.checkStore(tab, 1, true);
    }

    private static void assertSignedInWithTheData(Run run, JazzAppPage tab) {
        assertEquals(run.accountId, tab.accountId(), "the same account");
        assertEquals("signedIn", tab.authState());
        assertEquals(USER, tab.userName());
        tab.page.waitForFunction("n => document.querySelectorAll('#todos .todo').length >= n", run.expected.size(),
                new Page.WaitForFunctionOptions().setTimeout(JazzAppPage.READY_MS));
        // Sorted: the order of items two tabs appended concurrently is cojson's merge order.
        assertEquals(run.expected.stream().sorted().toList(), tab.titles().stream().sorted().toList(), "the todos, from storage");
        assertEquals(List.of("buy milk"), tab.done(), "the ticked todo");
    }

    private static void printDownloads(Run run) {
        AppServer server = SERVERS.get(run.bundler);
        if (server == null) {
            return; // not built, or the dev server, which serves sources, not what a user downloads
        }
        List<String> workers = run.workerUrls;
        long total = 0;
        long totalGzip = 0;
        for (Map.Entry<String, AppServer.Download> entry : server.downloads().entrySet()) {
            String path = entry.getKey();
            AppServer.Download download = entry.getValue();
            String role = workers.stream().anyMatch(url -> url.endsWith(path)) || path.contains("worker") ? "storage worker script"
                    : path.endsWith(".wasm") ? "engine (.wasm)"
                    : path.contains("wasm-runtime") || path.contains("cojson-storage-opfs") ? "engine loader / JS build"
                    : "app";
            System.out.printf("jazz-app sizes, %s: %-60s %9d bytes, %8d gzipped  (%s)%n",
                    run.bundler, path, download.bytes(), download.gzipBytes(), role);
            total += download.bytes();
            totalGzip += download.gzipBytes();
        }
        System.out.printf("jazz-app sizes, %s: total %d bytes, %d gzipped%n", run.bundler, total, totalGzip);
    }

    private static void report(Browsers.Kind kind, List<Run> runs) {
        StringBuilder table = new StringBuilder("\njazz-app matrix in " + kind + ":\n");
        List<String> failures = new ArrayList<>();
        for (Run run : runs) {
            table.append(String.format("  %-18s %s%n", run.bundler, run.results));
            if (run.failure != null) {
                failures.add(run.bundler + " in " + kind + ", step \"" + run.failedStep + "\": " + run.failure);
            }
        }
        System.out.println(table);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + runs.size() + " bundlers failed in " + kind + table + "\n"
                    + String.join("\n\n", failures));
        }
    }

    /** One bundler's app in one browser: its steps' results, its tabs and what it must show. */
    private static final class Run {
        final Bundler bundler;
        final Browsers.Kind kind;
        final Map<String, String> results = new LinkedHashMap<>();
        final List<JazzAppPage> tabs = new ArrayList<>();
        final List<String> workerUrls = new ArrayList<>();
        String url;
        String accountId;
        List<String> expected = new ArrayList<>();
        /** The owning worker and its engine's commit count at the last check. */
        Object lastOwner;
        long lastCommits;
        String failedStep;
        String failure;

        Run(Bundler bundler, Browsers.Kind kind) {
            this.bundler = bundler;
            this.kind = kind;
        }

        /** Runs {@code step} unless an earlier one failed (the state it needs would be missing). */
        void step(String name, Runnable step) {
            if (failure != null) {
                results.put(name, "skipped");
                return;
            }
            long started = System.nanoTime();
            try {
                step.run();
                results.put(name, String.format("ok %.1fs", (System.nanoTime() - started) / 1e9));
            } catch (Throwable e) {
                results.put(name, "FAILED");
                failedStep = name;
                failure = e.toString();
                System.out.printf("jazz-app: %s in %s failed at \"%s\": %s%n", bundler, kind, name, e);
                printTabs();
            }
        }

        /** What each open tab shows and holds, after a failure. */
        private void printTabs() {
            for (JazzAppPage tab : tabs) {
                try {
                    if (tab.page.isClosed()) {
                        continue;
                    }
                    Object shown = tab.page.evaluate("() => ({ app: document.querySelector('#app')?.dataset ?? null,"
                            + " body: document.body.innerText.slice(0, 300), jazzApp: window.jazzApp?.accountId ?? null })");
                    System.out.printf("jazz-app: %s in %s, tab %s shows %s; storage %s; workers %d; context errors %s%n",
                            bundler, kind, tab.page.url(), shown, tab.originStorage(), tab.page.workers().size(), tab.contextErrors());
                } catch (RuntimeException e) {
                    System.out.printf("jazz-app: %s in %s, a tab could not be read: %s%n", bundler, kind, e);
                }
            }
        }

        JazzAppPage open(BrowserContext browser) {
            Page page = browser.newPage();
            page.onConsoleMessage(message -> {
                if (message.type().equals("error") || message.type().equals("warning")) {
                    System.out.printf("jazz-app console (%s, %s) %s: %s%n", bundler, kind, message.type(), message.text());
                }
            });
            page.onPageError(error -> System.out.printf("jazz-app page error (%s, %s): %s%n", bundler, kind, error));
            JazzAppPage tab = new JazzAppPage(page).open(url);
            tabs.add(tab);
            return tab;
        }

        /**
         * The data is in the OPFS file (there, not empty; when {@code edited}, committed to it by its
         * owner since the last check), not in IndexedDB, and one
         * worker owns the store: one holder of its lock and one waiter per other client; each
         * tab runs exactly one worker (Chromium, where Playwright lists a page's workers).
         */
        void checkStore(JazzAppPage tab, int clients, boolean edited) {
            long deadline = System.currentTimeMillis() + SETTLE_MS;
            OriginStorage storage = tab.originStorage();
            while ((storage.heldFor(STORE).size() != 1 || storage.pendingFor(STORE).size() != clients - 1
                    || (kind == Browsers.Kind.CHROMIUM && !oneWorkerPerTab()))
                    && System.currentTimeMillis() < deadline) {
                JazzApp.sleep(200);
                storage = tab.originStorage();
            }
            assertEquals(1, storage.heldFor(STORE).size(), "one worker holds the store's lock: " + storage);
            assertEquals(clients - 1, storage.pendingFor(STORE).size(),
                    "one waiting worker per other open tab, none left over: " + storage);
            if (kind == Browsers.Kind.CHROMIUM) {
                assertTrue(oneWorkerPerTab(), "one worker per tab, none left over: " + workersByTab());
                for (JazzAppPage open : tabs) {
                    for (Worker worker : open.page.workers()) {
                        if (!workerUrls.contains(worker.url())) {
                            workerUrls.add(worker.url());
                        }
                    }
                }
            }
            assertTrue(!storage.databases().contains(STORE), "no IndexedDB database " + STORE + ": " + storage);
            Map<String, Object> stats = tab.storageStats();
            assertEquals(Boolean.TRUE, stats.get("persistent"), "the storage is the OPFS file, not the in-memory fallback: " + stats);
            Object size = storage.files().get(STORE);
            long bytes = size instanceof Number n ? n.longValue() : ((Number) stats.get("fileBytes")).longValue();
            assertTrue(bytes > 0, "the OPFS file " + STORE + " holds the data: " + storage);
            // The file's size says nothing about an edit any more: a close and an idle checkpoint
            // compact and truncate it. The owning engine's commit count does: it counts durable
            // commits to that file since the worker opened it.
            Object owner = stats.get("ownerId");
            long commits = ((Number) stats.get("commits")).longValue();
            if (edited) {
                long before = owner.equals(lastOwner) ? lastCommits : 0;
                assertTrue(commits > before, "the edits were committed to the OPFS file by its owner " + owner
                        + ": commits " + before + " -> " + commits + " (" + stats + ")");
            }
            lastOwner = owner;
            lastCommits = commits;
            System.out.printf("jazz-app: %s in %s: OPFS %s %d bytes (page sees %s), %d commits by its owner, IndexedDB %s, lock held %s, waiting %s%n",
                    bundler, kind, STORE, bytes, size, commits, storage.databases(), storage.heldFor(STORE), storage.pendingFor(STORE));
        }

        private boolean oneWorkerPerTab() {
            return tabs.stream().allMatch(tab -> tab.page.workers().size() == 1);
        }

        private List<Integer> workersByTab() {
            return tabs.stream().map(tab -> tab.page.workers().size()).toList();
        }

        void closePages() {
            for (JazzAppPage tab : tabs) {
                if (!tab.page.isClosed()) {
                    tab.page.close();
                }
            }
            tabs.clear();
        }
    }
}
