package cojson.storage.opfs.testweb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The system's headless browsers, driven by Playwright, each on a profile folder that outlives a
 * launch: Debian's {@code chromium} and Debian's {@code firefox-esr}. Nothing is downloaded
 * (Surefire sets {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}); Firefox runs through Playwright's
 * {@code moz-firefox} channel, which speaks WebDriver BiDi to a stock Firefox (no patched build,
 * no geckodriver).
 */
final class Browsers {
    /** A browser the suite runs in; its {@link #toString()} is the name shown in test names. */
    enum Kind {
        CHROMIUM("Chromium"),
        FIREFOX("Firefox");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * As root Chromium needs --no-sandbox; the rest keep it from calling hosts this machine cannot
     * reach (a closed network refuses them, many at a time, and slows every start).
     */
    private static final List<String> CHROMIUM_FLAGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    /**
     * Firefox's profile preferences (Playwright's own defaults already turn off updates, safe
     * browsing and the new-tab feeds): no telemetry upload or captive-portal probe to unreachable
     * hosts.
     */
    private static final Map<String, Object> FIREFOX_PREFS = Map.of(
            "datareporting.policy.dataSubmissionEnabled", false,
            "toolkit.telemetry.enabled", false,
            "network.captive-portal-service.enabled", false,
            "network.connectivity-service.enabled", false);

    /** The kind the running test drives: set by {@link #drive} (before a class's tests run) and by every launch. */
    private static volatile Kind current;

    private Browsers() {
    }

    /** Launches {@code kind} on {@code profileDir}, a normal (not private) profile. */
    static BrowserContext launch(Playwright playwright, Path profileDir, Kind kind) {
        return launch(playwright, profileDir, kind, false);
    }

    /**
     * Launches {@code kind} on {@code profileDir}. A persistent context, not {@code newContext()}:
     * Chromium's off-the-record context keeps OPFS in memory, so nothing would survive a restart.
     *
     * @param privateMode Firefox only: private browsing for every window of the profile
     *     ({@code browser.privatebrowsing.autostart}), where {@code navigator.storage.getDirectory()}
     *     rejects with {@code SecurityError}. Chromium's {@code --incognito} does not apply to a
     *     persistent context, so Chromium refuses it.
     */
    static BrowserContext launch(Playwright playwright, Path profileDir, Kind kind, boolean privateMode) {
        current = kind;
        BrowserContext context = switch (kind) {
            case CHROMIUM -> {
                if (privateMode) {
                    throw new IllegalArgumentException("Chromium has no private mode on a persistent profile "
                            + "(--incognito is ignored by launchPersistentContext): test private mode in Firefox");
                }
                yield playwright.chromium().launchPersistentContext(profileDir, new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(executable(Kind.CHROMIUM).orElseThrow(() -> missing(Kind.CHROMIUM)))
                        .setHeadless(true)
                        .setArgs(CHROMIUM_FLAGS)
                        .setTimeout(60_000));
            }
            case FIREFOX -> {
                Map<String, Object> prefs = new java.util.HashMap<>(FIREFOX_PREFS);
                if (privateMode) {
                    prefs.put("browser.privatebrowsing.autostart", true);
                }
                yield playwright.firefox().launchPersistentContext(profileDir, new BrowserType.LaunchPersistentContextOptions()
                        .setChannel("moz-firefox")
                        .setExecutablePath(executable(Kind.FIREFOX).orElseThrow(() -> missing(Kind.FIREFOX)))
                        .setHeadless(true)
                        .setFirefoxUserPrefs(prefs)
                        // Firefox's start is 3-5x Chromium's (WebDriver BiDi's session.new waits for
                        // the first window): 20-55 s each on this 2-core machine under other builds.
                        .setTimeout(180_000));
            }
        };
        context.setDefaultTimeout(60_000);
        return context;
    }

    /**
     * The kinds whose binary is installed, Chromium first; {@code -Dbrowsers=chromium} (a comma
     * list) narrows it. Under CI ({@code CI=true}) a browser that is not installed is an error, not
     * a silently smaller suite: scripts/prerequisites.sh installs both.
     */
    static List<Kind> available() {
        String wanted = System.getProperty("browsers", "").trim();
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            boolean asked = wanted.isEmpty() || List.of(wanted.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))
                    .contains(kind.name().toLowerCase(Locale.ROOT));
            if (!asked) {
                continue;
            }
            if (executable(kind).isPresent()) {
                kinds.add(kind);
            } else if (!wanted.isEmpty() || "true".equals(System.getenv("CI"))) {
                throw missing(kind);
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalStateException("no browser to test in (-Dbrowsers=" + wanted + "): bash scripts/prerequisites.sh installs them");
        }
        return kinds;
    }

    /** Skips the running test unless it drives {@code wanted}; {@code why} names what the other browser lacks. */
    static void assumeKind(Kind wanted, String why) {
        Kind running = current;
        if (running == null) {
            throw new IllegalStateException("no browser kind yet: call drive(kind) or launch first, "
                    + "or call assumeKind(actual, wanted, why)");
        }
        assumeKind(running, wanted, why);
    }

    /** Skips the test that drives {@code actual} unless it is {@code wanted}, saying why. */
    static void assumeKind(Kind actual, Kind wanted, String why) {
        assumeTrue(actual == wanted, () -> wanted + " only, skipped in " + actual + ": " + why);
    }

    /** Records the kind the next tests drive, so {@link #assumeKind(Kind, String)} can skip before a launch. */
    static void drive(Kind kind) {
        current = kind;
    }

    /**
     * {@code -Dchromium.path=...} / {@code -Dfirefox.path=...}, else Debian's binary found on PATH
     * ({@code chromium}; {@code firefox-esr}, then {@code firefox}), symlinks resolved: Debian's
     * {@code /usr/bin/firefox-esr} links to {@code /usr/lib/firefox-esr/firefox-esr}.
     */
    static Optional<Path> executable(Kind kind) {
        String configured = System.getProperty(kind.name().toLowerCase(Locale.ROOT) + ".path");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        List<String> names = kind == Kind.CHROMIUM ? List.of("chromium") : List.of("firefox-esr", "firefox");
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    try {
                        return Optional.of(candidate.toRealPath());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static IllegalStateException missing(Kind kind) {
        String pkg = kind == Kind.CHROMIUM ? "chromium" : "firefox-esr";
        return new IllegalStateException("no " + kind + " installed (" + pkg + " on PATH, or -D"
                + kind.name().toLowerCase(Locale.ROOT) + ".path=...): apt-get install -y " + pkg
                + " (scripts/prerequisites.sh does)");
    }
}
