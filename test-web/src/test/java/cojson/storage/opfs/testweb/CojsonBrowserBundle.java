package cojson.storage.opfs.testweb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The cojson tests' worker script, {@code site/cojson/cojson-worker.js}, bundled with cojson and the
 * package's /worker entry (cojson is ESM with bare imports, which a browser cannot resolve) by the
 * esbuild tooling under worker-js/test/workerd, into worker-js/target/cojson-worker.js, which
 * {@link StaticServer} serves as {@code /pkg/target/cojson-worker.js}; and the same for other scripts
 * ({@link #bundle}).
 */
final class CojsonBrowserBundle {
    private static final Set<String> BUILT = new HashSet<>();

    private CojsonBrowserBundle() {
    }

    /**
     * Bundles once per test JVM (it takes well under a second, and rebuilding keeps the bundle in
     * step with the package's sources); installs the tooling first when a fresh clone lacks it.
     */
    static void build() {
        build("cojson/cojson-worker.js");
    }

    /**
     * Bundles the worker script {@code site/<siteScript>} the same way, into
     * {@code worker-js/target/<its file name>} (served as {@code /pkg/target/<its file name>}).
     */
    static void build(String siteScript) {
        Path script = siteDir().resolve(siteScript);
        bundle(script, script.getFileName().toString());
    }

    /** The test pages' folder, served as {@code /site/}. */
    static Path siteDir() {
        return Path.of(System.getProperty("site.dir", "src/test/resources/site")).toAbsolutePath().normalize();
    }

    /** The package's folder, served as {@code /pkg/}. */
    static Path packageDir() {
        return Path.of(System.getProperty("package.dir", "../worker-js")).toAbsolutePath().normalize();
    }

    /**
     * Bundles {@code entry} into worker-js/target/{@code outName}, served as
     * {@code /pkg/target/<outName>}, once per test JVM.
     */
    static synchronized void bundle(Path entry, String outName) {
        if (BUILT.contains(outName)) {
            return;
        }
        Path packageDir = packageDir();
        Path tools = packageDir.resolve("test/workerd");
        if (!Files.isDirectory(tools.resolve("node_modules/esbuild"))) {
            // install, not ci: see worker-js/test/workerd/README.md
            run(tools, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
        System.out.print(run(tools, List.of("node", "build-browser.mjs",
                entry.toString(), packageDir.resolve("target").resolve(outName).toString())));
        BUILT.add(outName);
    }

    static String run(Path dir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
