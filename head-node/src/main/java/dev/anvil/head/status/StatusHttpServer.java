package dev.anvil.head.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.sdk.AnvilException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;

/**
 * The head's HTTP status endpoint (read-only, like Ray's dashboard API):
 * <ul>
 *   <li>{@code GET /status}: {@link ClusterStatus} as JSON;</li>
 *   <li>{@code GET /status.txt}: the same as {@code anvil status} prints it;</li>
 *   <li>{@code GET /healthz}: {@code ok} while the head runs;</li>
 *   <li>{@code GET /}: the web dashboard, {@code GET /metrics}: Prometheus metrics ({@link WebRoutes}).</li>
 * </ul>
 * Unknown paths answer 404 with one line of text.
 */
public final class StatusHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving the status of the cluster {@code ignite} belongs to.
     *
     * @param host address to bind
     * @param port port to bind (0 picks a free one)
     * @throws AnvilException when the port cannot be bound
     */
    public static StatusHttpServer start(Ignite ignite, String host, int port) {
        StatusCollector collector = new StatusCollector();
        Supplier<ClusterStatus> status = () -> collector.collect(ignite);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new AnvilException(
                    "status port could not be bound (the dashboard and /metrics need it; choose another with"
                            + " --status-port, or 0 to run without them): " + e.getMessage() + " [host=" + host
                            + ", port=" + port + "]",
                    e);
        }
        route(server, "/status", "application/json", () -> StatusFormat.json(status.get()));
        route(server, "/status.txt", "text/plain", () -> StatusFormat.text(status.get()));
        route(server, "/healthz", "text/plain", () -> "ok\n");
        WebRoutes.register(server, ignite, status);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "anvil-status-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new StatusHttpServer(server, executor);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves {@code body} at exactly {@code path}; a longer path under it answers 404. */
    private static void route(HttpServer server, String path, String type, Supplier<String> body) {
        server.createContext(path, ex -> {
            if (ex.getRequestURI().getPath().equals(path)) {
                respond(ex, type, body);
            } else {
                send(
                        ex,
                        404,
                        "text/plain",
                        "no such page [path=" + ex.getRequestURI().getPath() + "]\n");
            }
        });
    }

    private static void respond(HttpExchange ex, String type, Supplier<String> body) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            send(ex, 405, "text/plain", "only GET\n");
            return;
        }
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", "status failed: " + e.getMessage() + "\n");
            return;
        }
        send(ex, 200, type, text);
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }
}
