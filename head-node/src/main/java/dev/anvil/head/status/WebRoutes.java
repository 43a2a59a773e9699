package dev.anvil.head.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.jobs.JobRecords;
import dev.anvil.sdk.AnvilException;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;

/**
 * What the head's status port serves besides the status itself: the web dashboard ({@code /}, static files from the
 * jar, {@code /services/NAME} and {@code /jobs/ID} for one service or job), its data ({@code /api/state},
 * {@code /api/jobs/ID/logs}), and {@code /metrics} in the Prometheus exposition format. Everything else is a 404 with
 * one line of text.
 */
final class WebRoutes {
    /** Dashboard files, served from the jar; nothing else under the resource folder is reachable. */
    private static final Map<String, String> ASSETS = Map.of(
            "/dashboard/app.js", "application/javascript",
            "/dashboard/app.css", "text/css",
            "/dashboard/favicon.svg", "image/svg+xml");

    private static final String RESOURCES = "/dev/anvil/head/status/dashboard";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most log characters one {@code /api/jobs/ID/logs} answer carries; the page asks again for the rest. */
    private static final int LOG_PAGE_CHARS = 256 * 1024;

    private final Ignite ignite;
    private final Supplier<ClusterStatus> status;
    private final ClusterMetrics metrics;
    private final ExpositionFormats formats = ExpositionFormats.init();

    private WebRoutes(Ignite ignite, Supplier<ClusterStatus> status) {
        this.ignite = ignite;
        this.status = status;
        this.metrics = new ClusterMetrics(ignite, status, this::state);
    }

    /** Adds the dashboard, its data and {@code /metrics} to {@code server}; unknown paths answer 404. */
    static void register(HttpServer server, Ignite ignite, Supplier<ClusterStatus> status) {
        WebRoutes routes = new WebRoutes(ignite, status);
        server.createContext("/", ex -> guarded(ex, routes::root));
        server.createContext("/metrics", ex -> guarded(ex, e -> routes.exact(e, "/metrics", routes::metrics)));
        server.createContext("/api/", ex -> guarded(ex, routes::api));
    }

    /** Runs {@code h}; a cluster that cannot be read answers 500 with one line, never a dropped connection. */
    private static void guarded(HttpExchange ex, Handler h) throws IOException {
        try {
            h.handle(ex);
        } catch (RuntimeException e) {
            send(
                    ex,
                    500,
                    "text/plain",
                    "status unavailable: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "\n");
        }
    }

    private StateSummary state() {
        return StateSection.collect(ignite);
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private void exact(HttpExchange ex, String path, Handler h) throws IOException {
        if (!ex.getRequestURI().getPath().equals(path)) {
            notFound(ex, "no such page [path=" + ex.getRequestURI().getPath() + "]");
        } else if (onlyGet(ex)) {
            h.handle(ex);
        }
    }

    private void root(HttpExchange ex) throws IOException {
        if (!onlyGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            asset(ex, "/dashboard/index.html", "text/html");
        } else if (ASSETS.containsKey(path)) {
            asset(ex, path, ASSETS.get(path));
        } else if (path.startsWith("/services/")) {
            String name = decode(path.substring("/services/".length()));
            boolean known =
                    status.get().services().stream().anyMatch(s -> s.name().equals(name));
            if (known) {
                asset(ex, "/dashboard/index.html", "text/html");
            } else {
                notFound(ex, "no service with this name [service=" + name + "]");
            }
        } else if (path.startsWith("/jobs/")) {
            String id = decode(path.substring("/jobs/".length()));
            if (job(id).isPresent()) {
                asset(ex, "/dashboard/index.html", "text/html");
            } else {
                notFound(ex, "no job with this id [job=" + id + "]");
            }
        } else {
            notFound(ex, "no such page [path=" + path + "]");
        }
    }

    private void api(HttpExchange ex) throws IOException {
        if (!onlyGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/api/state")) {
            send(ex, 200, "application/json", JSON.writeValueAsString(state()));
            return;
        }
        if (path.startsWith("/api/jobs/") && path.endsWith("/logs")) {
            String id = decode(path.substring("/api/jobs/".length(), path.length() - "/logs".length()));
            Optional<JobRecord> rec = job(id);
            if (rec.isEmpty()) {
                notFound(ex, "no job with this id [job=" + id + "]");
                return;
            }
            long from = parseLong(query(ex).get("from"), 0);
            JobRecords.LogSlice slice = new JobRecords(ignite).readLog(id, from);
            String text = slice.text();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job", id);
            body.put("state", rec.get().state().name());
            body.put("text", text.length() > LOG_PAGE_CHARS ? text.substring(text.length() - LOG_PAGE_CHARS) : text);
            body.put("next", slice.nextSeq());
            send(ex, 200, "application/json", JSON.writeValueAsString(body));
            return;
        }
        notFound(ex, "no such page [path=" + path + "]");
    }

    private void metrics(HttpExchange ex) throws IOException {
        ExpositionFormatWriter writer =
                formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            writer.write(body, metrics.collect());
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", "metrics failed: " + e.getMessage() + "\n");
            return;
        }
        send(ex, 200, writer.getContentType(), body.toByteArray());
    }

    private Optional<JobRecord> job(String id) {
        try {
            return new JobRecords(ignite).find(id);
        } catch (RuntimeException e) {
            throw new AnvilException("jobs unavailable: " + e.getMessage(), e);
        }
    }

    private static void asset(HttpExchange ex, String path, String type) throws IOException {
        try (InputStream in = WebRoutes.class.getResourceAsStream(RESOURCES + path.substring("/dashboard".length()))) {
            if (in == null) {
                notFound(ex, "no such page [path=" + path + "]");
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            send(ex, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private static boolean onlyGet(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod())) {
            return true;
        }
        send(ex, 405, "text/plain", "only GET [method=" + ex.getRequestMethod() + "]\n");
        return false;
    }

    private static void notFound(HttpExchange ex, String why) throws IOException {
        send(ex, 404, "text/plain", why + "\n");
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(
                ex,
                code,
                type.contains("charset") ? type : type + "; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(code, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }
    }
}
