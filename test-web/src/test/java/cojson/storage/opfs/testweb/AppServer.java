package cojson.storage.opfs.testweb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Serves a built app's folder at {@code /} on 127.0.0.1 (each app its own port, so its own origin
 * and its own OPFS), as a static host would; optionally more folders under their own prefixes.
 * Keeps what the browser downloaded, file by file, with its gzipped size.
 */
final class AppServer implements AutoCloseable {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            ".html", "text/html; charset=utf-8",
            ".js", "text/javascript; charset=utf-8",
            ".mjs", "text/javascript; charset=utf-8",
            ".css", "text/css; charset=utf-8",
            ".json", "application/json",
            ".svg", "image/svg+xml",
            ".wasm", "application/wasm");

    /** One file the browser fetched: its bytes as served and gzipped (level 9, as a host would send it). */
    record Download(long bytes, long gzipBytes) {
    }

    private final HttpServer server;
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();

    private AppServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code root} at {@code /} and each {@code mounts} folder under its prefix (e.g. "/node_modules/"). */
    static AppServer start(Path root, Map<String, Path> mounts) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AppServer app = new AppServer(http);
            http.createContext("/", exchange -> app.serve(exchange, root.toAbsolutePath().normalize(), "/"));
            mounts.forEach((prefix, dir) ->
                    http.createContext(prefix, exchange -> app.serve(exchange, dir.toAbsolutePath().normalize(), prefix)));
            http.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AppServer start(Path root) {
        return start(root, Map.of());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every file served so far, by path. */
    Map<String, Download> downloads() {
        return new TreeMap<>(downloads);
    }

    private void serve(HttpExchange exchange, Path root, String prefix) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String relative = path.substring(prefix.length());
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
            downloads.computeIfAbsent(path, p -> new Download(body.length, gzipped(body)));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static long gzipped(byte[] body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer) {
            {
                def.setLevel(9);
            }
        }) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
