package cojson.storage.opfs.testweb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cojson tests' worker script, {@code site/cojson/cojson-worker.js}, bundled with cojson and the
 * package's /worker entry (cojson is ESM with bare imports, which a browser cannot resolve) by the
 * esbuild tooling under worker-js/test/workerd, into worker-js/target/cojson-worker.js, which
 * {@link StaticServer} serves as {@code /pkg/target/cojson-worker.js}.
 */
final class CojsonBrowserBundle {
    private static final java.util.Set<String> built = new java.util.HashSet<>();

    private CojsonBrowserBundle() {
    }

    /**
     * Bundles once per test JVM (it takes well under a second, and rebuilding keeps the bundle in
     * step with the package's sources); installs the tooling first when a fresh clone lacks it.
     */
    static void build() {
        build("cojson/cojson-worker.js", "cojson-worker.js");
    }

    /**
     * Bundles another worker script of the site, {@code siteEntry}, into worker-js/target/{@code outName}
     * (served as {@code /pkg/target/outName}), once per test JVM.
     */
    static synchronized void build(String siteEntry, String outName) {
        if (built.contains(outName)) {
            return;
        }
        Path packageDir = Path.of(System.getProperty("package.dir", "../worker-js")).toAbsolutePath().normalize();
        Path siteDir = Path.of(System.getProperty("site.dir", "src/test/resources/site")).toAbsolutePath().normalize();
        Path tools = packageDir.resolve("test/workerd");
        if (!Files.isDirectory(tools.resolve("node_modules/esbuild"))) {
            // install, not ci: see worker-js/test/workerd/README.md
            run(tools, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
        System.out.print(run(tools, List.of("node", "build-browser.mjs",
                siteDir.resolve(siteEntry).toString(),
                packageDir.resolve("target").resolve(outName).toString())));
        built.add(outName);
    }

    private static String run(Path dir, List<String> command) {
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
