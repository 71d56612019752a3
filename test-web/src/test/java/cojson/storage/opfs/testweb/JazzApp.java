package cojson.storage.opfs.testweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Jazz app of worker-js/test/jazz-app, set up as the README's recipe says (its own packages
 * from the committed lock, this package from its {@code npm pack} tarball, one alias line per
 * bundler) and built by each bundler, each at most once per test JVM, so a fresh machine proves
 * the recipe on every CI run.
 */
final class JazzApp {
    /** How the app reaches the browser. */
    enum Bundler {
        VITE8_BUILD("Vite 8 build", "build:vite8", "dist/vite8"),
        VITE8_DEV("Vite 8 dev server", null, null),
        VITE7_BUILD("Vite 7 build", "build:vite7", "dist/vite7"),
        WEBPACK5_BUILD("webpack 5 build", "build:webpack", "dist/webpack");

        final String label;
        final String script;
        final String outDir;

        Bundler(String label, String script, String outDir) {
            this.label = label;
            this.script = script;
            this.outDir = outDir;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A build that failed: its command's output, to be reported as that bundler's result. */
    static final class BuildFailed extends RuntimeException {
        BuildFailed(String message) {
            super(message);
        }
    }

    private static boolean prepared;
    private static final Map<Bundler, Object> BUILDS = new EnumMap<>(Bundler.class);
    private static DevServer devServer;

    private JazzApp() {
    }

    static Path appDir() {
        return CojsonBrowserBundle.packageDir().resolve("test/jazz-app");
    }

    /** Installs the app and the packed package (worker-js/test/jazz-app/prepare.mjs), once per JVM. */
    static synchronized void prepare() {
        if (!prepared) {
            long started = System.nanoTime();
            System.out.print(run(appDir(), List.of("node", "prepare.mjs")));
            System.out.printf("jazz-app: prepared in %.1f s%n", (System.nanoTime() - started) / 1e9);
            prepared = true;
        }
    }

    /**
     * The folder {@code bundler} built the app into, building it on the first call; a failed build
     * throws {@link BuildFailed} with the bundler's own message, on this and every later call.
     */
    static synchronized Path built(Bundler bundler) {
        if (bundler.script == null) {
            throw new IllegalArgumentException(bundler + " serves the sources, it builds nothing");
        }
        prepare();
        Object result = BUILDS.computeIfAbsent(bundler, b -> {
            long started = System.nanoTime();
            try {
                run(appDir(), List.of("npm", "run", "--silent", b.script));
                System.out.printf("jazz-app: %s in %.1f s%n", b, (System.nanoTime() - started) / 1e9);
                return appDir().resolve(b.outDir);
            } catch (IllegalStateException e) {
                return new BuildFailed(b + " failed: " + summary(e.getMessage()));
            }
        });
        if (result instanceof BuildFailed failed) {
            throw failed;
        }
        return (Path) result;
    }

    /** Vite 8's dev server on the app, started on the first call and stopped when the JVM ends. */
    static synchronized DevServer devServer() {
        prepare();
        if (devServer == null) {
            devServer = DevServer.start(appDir());
            Runtime.getRuntime().addShutdownHook(new Thread(devServer::close));
        }
        return devServer;
    }

    /** Runs {@code command} in {@code dir}; its output, or IllegalStateException with it. */
    static String run(Path dir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // A webpack build takes minutes on a loaded 2-core machine (Terser over 1.4 MB).
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
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

    /** A failed build's own words: its error lines (no stack frames, no warnings about "use client"), then its last lines. */
    private static String summary(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank() && !line.startsWith("    at ")).toList();
        List<String> errors = lines.stream()
                .filter(line -> line.matches("(?i).*(error|invalid|failed|cannot|could not).*") && !line.contains("use client"))
                .limit(20).toList();
        return String.join("\n", errors) + "\n...\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** {@code vite} (8) serving the app's sources on 127.0.0.1 and a fixed port (OPFS belongs to the origin). */
    static final class DevServer implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        final String url;

        private DevServer(Process process, String url) {
            this.process = process;
            this.url = url;
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "vite-dev-output");
            reader.setDaemon(true);
            reader.start();
        }

        static DevServer start(Path appDir) {
            int port = freePort();
            try {
                // --force: the package is reinstalled from a new tarball every run; Vite's
                // dependency cache keys on the lock file only and would serve the old one.
                Process process = new ProcessBuilder("node", "node_modules/vite/bin/vite.js", "--host", "127.0.0.1",
                        "--port", String.valueOf(port), "--strictPort", "--force")
                        .directory(appDir.toFile()).redirectErrorStream(true).start();
                process.getOutputStream().close();
                DevServer server = new DevServer(process, "http://127.0.0.1:" + port + "/");
                server.waitUntilServing();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void waitUntilServing() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("vite dev server ended: " + output);
                }
                try {
                    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                    connection.setConnectTimeout(1_000);
                    if (connection.getResponseCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                sleep(250);
            }
            close();
            throw new IllegalStateException("vite dev server did not answer within 120 s: " + output);
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() {
            // Only the process this test started, and what it started.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
