package cojson.storage.opfs.testweb;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tab of the jazz-app (worker-js/test/jazz-app), driven through its own buttons, plus what the
 * page can see of where its data went: the origin's OPFS files, IndexedDB databases and Web Locks.
 */
final class JazzAppPage {
    /** Loading an account from storage on a loaded 2-core machine (and Vite's dev server bundling deps on its first load). */
    static final double READY_MS = 120_000;

    /** Everything in the origin's storage the page can list, as evaluated in it. */
    private static final String STORAGE_PROBE = """
            async () => {
              let files = {};
              try {
                const root = await navigator.storage.getDirectory();
                for await (const [name, handle] of root.entries()) {
                  if (handle.kind !== "file") { files[name] = "directory"; continue; }
                  try { files[name] = (await handle.getFile()).size; } catch (e) { files[name] = e.name; }
                }
              } catch (e) {
                files = null; // OPFS refused (private mode)
              }
              const databases = (await indexedDB.databases()).map((d) => d.name);
              const { held = [], pending = [] } = await navigator.locks.query();
              return { files, databases, held: held.map((l) => l.name), pending: pending.map((l) => l.name) };
            }""";

    final Page page;
    /** jazz-tools' own report of a context it could not create (it logs it and keeps showing the fallback). */
    private final List<ConsoleMessage> contextErrors = new ArrayList<>();

    JazzAppPage(Page page) {
        this.page = page;
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") && message.text().contains("Error creating Jazz browser context")) {
                contextErrors.add(message);
            }
        });
    }

    /**
     * What jazz-tools logged when it could not create its context, so far: the message with each
     * error argument's code and message, read from the argument itself (Firefox's console text of
     * an Error is only "Error").
     */
    List<String> contextErrors() {
        List<String> texts = new ArrayList<>();
        for (ConsoleMessage message : List.copyOf(contextErrors)) {
            StringBuilder text = new StringBuilder(message.text());
            for (JSHandle arg : message.args()) {
                try {
                    text.append(" | ").append(arg.evaluate(
                            "a => a instanceof Error ? `${a.name} code=${a.code} ${a.message} ${a.stack ?? ''}`.trim() : String(a)"));
                } catch (RuntimeException e) {
                    text.append(" | (argument gone: ").append(e.getMessage().lines().findFirst().orElse("")).append(')');
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** Opens the app and waits until it shows an account (a new anonymous one on the first visit). */
    JazzAppPage open(String url) {
        page.navigate(url);
        return waitReady();
    }

    JazzAppPage reload() {
        page.reload();
        return waitReady();
    }

    /** Waits for the app to show an account; fails at once with jazz-tools' error when it could not start. */
    JazzAppPage waitReady() {
        long deadline = System.currentTimeMillis() + (long) READY_MS;
        while (true) {
            if (!contextErrors.isEmpty()) {
                throw new AssertionError("the app did not start: " + contextErrors());
            }
            try {
                page.waitForFunction("() => document.querySelector('#app') !== null"
                        + " && window.jazzApp?.accountId === document.querySelector('#app').dataset.account",
                        null, new Page.WaitForFunctionOptions().setTimeout(1_000));
                return this;
            } catch (com.microsoft.playwright.TimeoutError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
        }
    }

    String accountId() {
        return page.getAttribute("#app", "data-account");
    }

    String authState() {
        return page.getAttribute("#app", "data-state");
    }

    String userName() {
        return page.textContent("#user");
    }

    /** jazz-tools' demo auth: names the anonymous account and remembers it as a user to log in as. */
    void signUp(String name) {
        type(page.locator("#signup-name"), name);
        page.click("#signup");
        waitFor("() => document.querySelector('#app')?.dataset.state === 'signedIn' && document.querySelector('#user')?.textContent === "
                + quote(name));
    }

    void add(String title) {
        int before = titles().size();
        type(page.locator("#new-todo"), title);
        page.click("#add");
        waitFor("() => document.querySelectorAll('#todos .todo').length === " + (before + 1));
    }

    void rename(String from, String to) {
        Locator item = item(from);
        type(item.locator(".edit"), to);
        item.locator(".rename").click();
        waitFor("() => [...document.querySelectorAll('#todos .title')].some((e) => e.textContent === " + quote(to) + ")");
    }

    void toggle(String title) {
        Locator item = item(title);
        String before = item.getAttribute("data-done");
        item.locator(".done").click();
        waitFor("() => [...document.querySelectorAll('#todos .todo')].some((e) => e.querySelector('.title').textContent === "
                + quote(title) + " && e.dataset.done !== " + quote(before) + ")");
    }

    /** Log out: jazz-tools closes this account's context (and its storage) and starts a new anonymous one. */
    void logOut() {
        String before = accountId();
        page.click("#logout");
        waitFor("() => { const app = document.querySelector('#app'); return app && app.dataset.state === 'anonymous' && app.dataset.account !== "
                + quote(before) + " && window.jazzApp?.accountId === app.dataset.account; }");
    }

    /** Log in through the demo auth's button for {@code name}: jazz-tools loads that account, here from storage alone. */
    void logIn(String name, String accountId) {
        page.click(".login[data-user=" + quote(name) + "]");
        waitFor("() => { const app = document.querySelector('#app'); return app && app.dataset.state === 'signedIn' && app.dataset.account === "
                + quote(accountId) + " && window.jazzApp?.accountId === app.dataset.account; }");
    }

    List<String> titles() {
        return page.locator("#todos .title").allTextContents();
    }

    /** The titles of the todos ticked done. */
    List<String> done() {
        return page.locator("#todos .todo[data-done=true] .title").allTextContents();
    }

    /** Waits until every CoValue this tab has is in storage (cojson's own known-state tracking). */
    void waitForStorage() {
        page.evaluate("() => window.jazzApp.waitForStorage()");
    }

    /** The storage client's stats (StoreStats plus ownerId, clientId; persistent once the package reports it). */
    @SuppressWarnings("unchecked")
    Map<String, Object> storageStats() {
        return (Map<String, Object>) page.evaluate("() => window.jazzApp.storageStats()");
    }

    @SuppressWarnings("unchecked")
    OriginStorage originStorage() {
        Map<String, Object> probe = (Map<String, Object>) page.evaluate(STORAGE_PROBE);
        return new OriginStorage((Map<String, Object>) probe.get("files"), (List<String>) probe.get("databases"),
                (List<String>) probe.get("held"), (List<String>) probe.get("pending"));
    }

    /**
     * What the origin holds: OPFS files (size, or the error getFile() gave; null where OPFS is
     * refused), IndexedDB databases, Web Locks held and waited for.
     */
    record OriginStorage(Map<String, Object> files, List<String> databases, List<String> held, List<String> pending) {
        /** The locks of the store {@code name}: {@code cojson-storage-opfs:<name>}, with a protocol version between once it has one. */
        List<String> heldFor(String name) {
            return matching(held, name);
        }

        List<String> pendingFor(String name) {
            return matching(pending, name);
        }

        private static List<String> matching(List<String> locks, String name) {
            List<String> mine = new ArrayList<>();
            for (String lock : locks) {
                if (lock.startsWith("cojson-storage-opfs:") && lock.endsWith(":" + name)) {
                    mine.add(lock);
                }
            }
            return mine;
        }
    }

    private Locator item(String title) {
        return page.locator("#todos .todo").filter(new Locator.FilterOptions().setHas(
                page.locator(".title").getByText(title, new Locator.GetByTextOptions().setExact(true))));
    }

    private void waitFor(String predicate) {
        page.waitForFunction(predicate, null, new Page.WaitForFunctionOptions().setTimeout(READY_MS));
    }

    /** Key by key: Firefox's fill() sets the value without the events React listens to. */
    private static void type(Locator input, String text) {
        input.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        input.fill("");
        input.pressSequentially(text);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
