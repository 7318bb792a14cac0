package chat.runner;

import chat.config.ConfigException;
import chat.core.hub.ChatLimits;
import chat.redis.RedisConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {

    @Test
    void emptyEnvironmentGivesTheDocumentedDefaults() {
        ServerConfig config = ServerConfig.fromEnv(Map.of());
        assertEquals("0.0.0.0", config.host());
        assertEquals(8085, config.port());
        assertEquals(Duration.ofSeconds(10), config.shutdownTimeout());
        assertEquals(Duration.ofSeconds(10), config.handshakeTimeout());
        assertEquals(ChatLimits.defaults(), config.limits());
        assertEquals(100, config.limits().maxRoomsPerConnection());
        assertEquals(8192, config.limits().maxMessageChars());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, config.selectorThreads());
        assertEquals(0, config.workerThreads(), "frames are read and handled on the selector threads");
        assertEquals(cores, config.writerThreads());
    }

    @Test
    void everyVariableIsRead() {
        ServerConfig config = ServerConfig.fromEnv(Map.ofEntries(
                Map.entry("SERVER_HOST", "127.0.0.1"), Map.entry("SERVER_PORT", "9000"),
                Map.entry("INSTANCE_ID", "node-7"), Map.entry("SHUTDOWN_TIMEOUT_MS", "2500"),
                Map.entry("HANDSHAKE_TIMEOUT_MS", "1500"),
                Map.entry("MAX_ROOMS_PER_CONNECTION", "7"), Map.entry("MAX_MESSAGE_CHARS", "100"),
                Map.entry("OUTBOUND_QUEUE_FRAMES", "50"), Map.entry("MAX_PENDING_COMMANDS", "9"),
                Map.entry("SELECTOR_THREADS", "3"), Map.entry("WORKER_THREADS", "5"),
                Map.entry("WRITER_THREADS", "4")));
        assertEquals("127.0.0.1", config.host());
        assertEquals(9000, config.port());
        assertEquals("node-7", config.instanceId());
        assertEquals(Duration.ofMillis(2500), config.shutdownTimeout());
        assertEquals(Duration.ofMillis(1500), config.handshakeTimeout());
        assertEquals(new ChatLimits(7, 100, 50, 9), config.limits());
        assertEquals(3, config.selectorThreads());
        assertEquals(5, config.workerThreads());
        assertEquals(4, config.writerThreads());
    }

    @Test
    void floodAdmissionAndOriginVariablesAreRead() {
        ServerConfig config = ServerConfig.fromEnv(Map.of("RATE_BURST", "40", "RATE_PER_SECOND", "20",
                "RATE_WARNINGS", "3", "MAX_CONNECTIONS", "500", "MAX_CONNECTIONS_PER_USER", "4",
                "ALLOWED_ORIGINS", "https://chat.example.com, http://localhost:3000"));
        ChatLimits l = config.limits();
        assertEquals(40, l.rateBurst());
        assertEquals(20, l.ratePerSecond());
        assertEquals(3, l.rateWarnings());
        assertEquals(500, l.maxConnections());
        assertEquals(4, l.maxConnectionsPerUser());
        assertEquals(java.util.Set.of("https://chat.example.com", "http://localhost:3000"), config.allowedOrigins());
        assertEquals(java.util.Set.of(), ServerConfig.fromEnv(Map.of()).allowedOrigins(), "default: any origin");
        assertEquals(20, ServerConfig.fromEnv(Map.of()).limits().rateBurst(), "the documented default");
        assertEquals(10, ServerConfig.fromEnv(Map.of()).limits().ratePerSecond());
    }

    @Test
    void historyVariablesAreRead() {
        assertEquals(chat.core.history.HistoryPolicy.DEFAULT, ServerConfig.fromEnv(Map.of()).history());
        assertEquals(100, chat.core.history.HistoryPolicy.DEFAULT.size());
        assertEquals(Duration.ofHours(1), chat.core.history.HistoryPolicy.DEFAULT.retention());
        ServerConfig config = ServerConfig.fromEnv(Map.of("HISTORY_SIZE", "500", "HISTORY_RETENTION_SECONDS", "60"));
        assertEquals(new chat.core.history.HistoryPolicy(500, Duration.ofMinutes(1)), config.history());
    }

    @Test
    void blankValuesKeepTheDefault() {
        assertEquals(8085, ServerConfig.fromEnv(Map.of("SERVER_PORT", "  ")).port());
    }

    @Test
    void badValuesNameTheVariable() {
        assertBad("SERVER_PORT", "http");
        assertBad("SERVER_PORT", "70000");
        assertBad("SHUTDOWN_TIMEOUT_MS", "0");
        assertBad("HANDSHAKE_TIMEOUT_MS", "0");
        assertBad("MAX_ROOMS_PER_CONNECTION", "-1");
        assertBad("MAX_MESSAGE_CHARS", "lots");
        assertBad("OUTBOUND_QUEUE_FRAMES", "0");
        assertBad("WORKER_THREADS", "1.5");
        assertBad("RATE_PER_SECOND", "0");
        assertBad("ALLOWED_ORIGINS", "chat.example.com/path");
        assertBad("HISTORY_SIZE", "0");
        assertBad("HISTORY_SIZE", "10001");
        assertBad("HISTORY_RETENTION_SECONDS", "0");
    }


    // The REDIS_* settings are read by RedisConfig.fromSettings, tested in chat-redis (RedisConfigTest);
    // these two check the runner's configuration reads them through it.

    @Test
    void serverConfigReadsTheRedisVariables() {
        ServerConfig config = ServerConfig.fromEnv(Map.of("REDIS_URL", "redis://127.0.0.1:7000",
                "REDIS_SUBSCRIBERS", "3", "REDIS_PUBLISHERS", "4", "REDIS_TIMEOUT_MS", "900",
                "REDIS_PING_INTERVAL_MS", "1500", "REDIS_RECONNECT_MAX_MS", "2500"));
        RedisConfig redis = config.redis().orElseThrow();
        assertEquals(7000, redis.port());
        assertEquals(3, redis.subscribers());
        assertEquals(4, redis.publishers());
        assertEquals(Duration.ofMillis(900), redis.timeout());
        assertEquals(Duration.ofMillis(1500), redis.pingInterval());
        assertEquals(Duration.ofMillis(2500), redis.reconnectMax());
        assertTrue(ServerConfig.fromEnv(Map.of()).redis().isEmpty(), "no REDIS_URL: in-process broker");
    }

    @Test
    void serverConfigReadsClusterNodesAndRefusesBothRedisSettings() {
        RedisConfig redis = ServerConfig.fromEnv(Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:7000,127.0.0.1:7001",
                "REDIS_SUBSCRIBERS", "3")).redis().orElseThrow();
        assertTrue(redis.isCluster());
        assertEquals(java.util.List.of("127.0.0.1:7000", "127.0.0.1:7001"), redis.clusterNodes());
        ConfigException both = assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(
                Map.of("REDIS_URL", "redis://127.0.0.1:6379", "REDIS_CLUSTER_NODES", "127.0.0.1:7000")));
        assertTrue(both.getMessage().contains("REDIS_URL") && both.getMessage().contains("REDIS_CLUSTER_NODES"),
                both.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(
                Map.of("REDIS_CLUSTER_NODES", "redis://u:hunter2@h")));
        assertTrue(bad.getMessage().startsWith("REDIS_CLUSTER_NODES"), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }

    private static void assertBad(String variable, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(Map.of(variable, value)));
        assertTrue(e.getMessage().startsWith(variable + "=" + value), e.getMessage());
    }
}
