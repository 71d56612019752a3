package cojson.storage.opfs.testweb;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The system's headless Chromium, driven by Playwright, on a profile folder that outlives a launch. */
final class Chromium {
    /**
     * As root Chromium needs --no-sandbox; the rest keep it from calling hosts this machine cannot
     * reach (a closed network refuses them, many at a time, and slows every start).
     */
    private static final List<String> FLAGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private Chromium() {
    }

    /**
     * Launches Chromium on {@code profileDir}. A persistent context, not {@code newContext()}: an
     * off-the-record context keeps OPFS in memory, so nothing would survive a restart.
     */
    static BrowserContext launch(Playwright playwright, Path profileDir) {
        BrowserType.LaunchPersistentContextOptions options = new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(executable())
                .setHeadless(true)
                .setArgs(FLAGS)
                .setTimeout(60_000);
        BrowserContext context = playwright.chromium().launchPersistentContext(profileDir, options);
        context.setDefaultTimeout(60_000);
        return context;
    }

    /** {@code -Dchromium.path=...}, else the first {@code chromium} on PATH (Debian's package). */
    static Path executable() {
        String configured = System.getProperty("chromium.path");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no chromium on PATH: apt-get install -y chromium (scripts/test.sh does)");
    }
}
