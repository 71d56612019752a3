package cojson.storage.opfs.testweb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the built npm package under {@code /pkg/} and the test pages under {@code /site/}, on
 * 127.0.0.1 (a secure context, so OPFS works). The port stays fixed while the server runs: OPFS
 * belongs to the origin, port included, so a test that restarts the browser must keep it.
 */
final class StaticServer implements AutoCloseable {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            ".html", "text/html; charset=utf-8",
            ".js", "text/javascript; charset=utf-8",
            ".json", "application/json",
            ".wasm", "application/wasm");

    private final HttpServer server;

    private StaticServer(HttpServer server) {
        this.server = server;
    }

    /** The package is the worker-js folder, as Surefire's {@code package.dir} names it. */
    static StaticServer start() {
        Path packageDir = Path.of(System.getProperty("package.dir", "../worker-js")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(packageDir.resolve("dist/wasm-gc/cojson-storage-opfs.wasm"))) {
            throw new IllegalStateException("no TeaVM builds in " + packageDir + "/dist: build worker-js first (mvn package)");
        }
        Path siteDir = Path.of(System.getProperty("site.dir", "src/test/resources/site")).toAbsolutePath().normalize();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/pkg/", exchange -> serve(exchange, packageDir, "/pkg/"));
            server.createContext("/site/", exchange -> serve(exchange, siteDir, "/site/"));
            server.start();
            return new StaticServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void serve(HttpExchange exchange, Path root, String prefix) throws IOException {
        try (exchange) {
            String relative = exchange.getRequestURI().getPath().substring(prefix.length());
            if (relative.isEmpty() || relative.endsWith("/")) {
                relative += "index.html";
            }
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
            exchange.getResponseHeaders().set("Content-Type",
                    CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
