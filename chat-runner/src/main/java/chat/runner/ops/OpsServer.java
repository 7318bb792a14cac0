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
    public record Health(String instanceId, String brokerType, boolean brokerUp, int connections, boolean ready,
                         java.util.List<chat.core.broker.SubscriberStatus> subscribers) {

        public Health(String instanceId, String brokerType, boolean brokerUp, int connections, boolean ready) {
            this(instanceId, brokerType, brokerUp, connections, ready, java.util.List.of());
        }

        /**
         * UP, DOWN, or DEGRADED when some shards of a broker are up and others not: the instance
         * still serves the rooms of the shards that are up, so it stays in service (HTTP 200).
         */
        String brokerStatus() {
            if (subscribers.isEmpty()) {
                return brokerUp ? "UP" : "DOWN";
            }
            long up = shards().values().stream().filter(Boolean::booleanValue).count();
            return up == shards().size() ? "UP" : up == 0 ? "DOWN" : "DEGRADED";
        }

        /** Shard name -> whether all its subscriber connections are up, in a stable order. */
        java.util.Map<String, Boolean> shards() {
            java.util.Map<String, Boolean> shards = new java.util.TreeMap<>();
            for (chat.core.broker.SubscriberStatus s : subscribers) {
                shards.merge(s.shard(), s.up(), Boolean::logicalAnd);
            }
            return shards;
        }

        boolean up() {
            return !brokerStatus().equals("DOWN");
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
                            + h.brokerType() + "\",\"status\":\"" + h.brokerStatus() + "\"" + shardsJson(h)
                            + "},\"connections\":"
                            + h.connections() + ",\"ready\":" + h.ready() + "}");
                    case "/health/live" -> respond(exchange, 200, "{\"status\":\"UP\"}");
                    case "/health/ready" -> respond(exchange, h.ready() ? 200 : 503,
                            "{\"status\":\"" + status(h.ready()) + "\"}");
                    default -> respond(exchange, 404,
                            "{\"error\":\"not found: try /metrics, /health, /health/live or /health/ready\"}");
                }
            }
        }

        private static String shardsJson(Health h) {
            if (h.subscribers().isEmpty()) {
                return "";
            }
            java.util.Map<String, Integer> rooms = new java.util.TreeMap<>();
            h.subscribers().forEach(s -> rooms.merge(s.shard(), s.rooms(), Integer::sum));
            StringBuilder out = new StringBuilder(",\"shards\":[");
            h.shards().forEach((shard, up) -> out.append(out.charAt(out.length() - 1) == '[' ? "" : ",")
                    .append("{\"shard\":\"").append(json(shard)).append("\",\"status\":\"").append(status(up))
                    .append("\",\"rooms\":").append(rooms.get(shard)).append('}'));
            return out.append(']').toString();
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
