package chat.runner.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The side port for operators, served by the Prometheus client's HTTP server: {@code /metrics}
 * (Prometheus text, or OpenMetrics when asked), {@code /health}, {@code /health/live} and
 * {@code /health/ready}. Health is JSON, HTTP 200 when UP and 503 when DOWN.
 */
public final class OpsServer implements AutoCloseable {
    private final HTTPServer server;

    private OpsServer(HTTPServer server) {
        this.server = server;
    }

    /** Binds and starts serving; returns once the port is bound. */
    public static OpsServer start(String host, int port, PrometheusRegistry registry, Supplier<Health> health)
            throws IOException {
        HTTPServer server = HTTPServer.builder()
                .hostname(host)
                .port(port)
                .registry(registry)
                .metricsHandlerPath("/metrics")
                .registerHealthHandler(false)
                .defaultHandler(new HealthHandler(health))
                .buildAndStart();
        return new OpsServer(server);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    /** What the health endpoints report. */
    public record Health(String instanceId, String brokerType, boolean brokerUp, int connections, boolean ready) {
        boolean up() {
            return brokerUp;
        }
    }

    private static final class HealthHandler implements HttpHandler {
        private final Supplier<Health> health;

        HealthHandler(Supplier<Health> health) {
            this.health = health;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "{\"error\":\"use GET\"}");
                    return;
                }
                Health h = health.get();
                switch (exchange.getRequestURI().getPath()) {
                    case "/health" -> respond(exchange, h.up() ? 200 : 503, "{\"status\":\"" + status(h.up())
                            + "\",\"instance\":\"" + json(h.instanceId()) + "\",\"broker\":{\"type\":\""
                            + h.brokerType() + "\",\"status\":\"" + status(h.brokerUp()) + "\"},\"connections\":"
                            + h.connections() + ",\"ready\":" + h.ready() + "}");
                    case "/health/live" -> respond(exchange, 200, "{\"status\":\"UP\"}");
                    case "/health/ready" -> respond(exchange, h.ready() ? 200 : 503,
                            "{\"status\":\"" + status(h.ready()) + "\"}");
                    default -> respond(exchange, 404,
                            "{\"error\":\"not found: try /metrics, /health, /health/live or /health/ready\"}");
                }
            }
        }

        private static String status(boolean up) {
            return up ? "UP" : "DOWN";
        }

        private static String json(String text) {
            return text.replace("\\", "\\\\").replace("\"", "\\\"");
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
