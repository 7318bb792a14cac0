package chat.redis;

import chat.config.ConfigException;
import chat.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading where Redis is and how to use it: {@code REDIS_URL}, {@code REDIS_CLUSTER_NODES} and the
 * other {@code REDIS_*} settings, as the runner and the web application read them
 * ({@link RedisConfig#fromSettings}). That the runner's configuration reads them through it is
 * {@code ServerConfigTest}'s (chat-runner).
 */
class RedisConfigTest {

    /** The Redis settings of an environment, as the runner and the web application read them. */
    private static Optional<RedisConfig> fromEnv(Map<String, String> env) {
        return RedisConfig.fromSettings(new Settings(env));
    }

    @Test
    void plainUrlGivesHostPortAndDefaults() {
        RedisConfig c = RedisConfig.fromUrl("redis://cache.local:6380");
        assertEquals("cache.local", c.host());
        assertEquals(6380, c.port());
        assertNull(c.user());
        assertNull(c.password());
        assertEquals(0, c.database());
        assertFalse(c.tls());
        assertEquals(RedisConfig.DEFAULT_SUBSCRIBERS, c.subscribers());
    }

    @Test
    void credentialsDatabaseAndTlsAreRead() {
        RedisConfig c = RedisConfig.fromUrl("rediss://chat:p%40ss@10.0.0.5/3");
        assertEquals("chat", c.user());
        assertEquals("p@ss", c.password());
        assertEquals(3, c.database());
        assertEquals(6379, c.port());
        assertTrue(c.tls());
        assertFalse(c.toString().contains("p@ss"), "no password in logs: " + c);
        assertEquals("rediss://***@10.0.0.5:6379/3", c.safeUrl());
    }

    @Test
    void passwordWithoutUserIsAccepted() {
        RedisConfig c = RedisConfig.fromUrl("redis://:secret@localhost");
        assertNull(c.user());
        assertEquals("secret", c.password());
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromUrl("http://x:1"))
                .getMessage().contains("redis://"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromUrl("redis://host/zero"))
                .getMessage().contains("database"));
    }

    @Test
    void settingsGiveTheRedisVariables() {
        RedisConfig redis = fromEnv(Map.of("REDIS_URL", "redis://127.0.0.1:7000",
                "REDIS_SUBSCRIBERS", "3", "REDIS_PUBLISHERS", "4", "REDIS_TIMEOUT_MS", "900",
                "REDIS_PING_INTERVAL_MS", "1500", "REDIS_RECONNECT_MAX_MS", "2500")).orElseThrow();
        assertEquals(7000, redis.port());
        assertEquals(3, redis.subscribers());
        assertEquals(4, redis.publishers());
        assertEquals(Duration.ofMillis(900), redis.timeout());
        assertEquals(Duration.ofMillis(1500), redis.pingInterval());
        assertEquals(Duration.ofMillis(2500), redis.reconnectMax());
        assertTrue(fromEnv(Map.of()).isEmpty(), "no REDIS_URL: in-process broker");
    }

    @Test
    void clusterNodesAreSeedsWithOptionalCredentialsAndTls() {
        RedisConfig plain = RedisConfig.fromClusterNodes("10.0.0.1:7000, 10.0.0.2:7001,,10.0.0.3:7002");
        assertTrue(plain.isCluster());
        assertEquals(java.util.List.of("10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:7002"), plain.clusterNodes());
        assertNull(plain.password());
        assertFalse(plain.tls());
        RedisConfig secured = RedisConfig.fromClusterNodes("rediss://chat:s3cret@10.0.0.1:7000,10.0.0.2:7001");
        assertEquals("chat", secured.user());
        assertEquals("s3cret", secured.password());
        assertTrue(secured.tls());
        assertFalse(secured.safeUrl().contains("s3cret"), secured.safeUrl());
        assertFalse(RedisConfig.fromUrl("redis://h:1").isCluster());

        assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromClusterNodes(" , "));
        assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromClusterNodes("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromClusterNodes("redis://h:1/2"));
        assertThrows(IllegalArgumentException.class,
                () -> RedisConfig.fromClusterNodes("redis://a:b@h:1,rediss://a:b@h:2"));
    }

    @Test
    void settingsGiveClusterNodesAndRefuseBothRedisSettings() {
        RedisConfig redis = fromEnv(Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:7000,127.0.0.1:7001",
                "REDIS_SUBSCRIBERS", "3")).orElseThrow();
        assertTrue(redis.isCluster());
        assertEquals(java.util.List.of("127.0.0.1:7000", "127.0.0.1:7001"), redis.clusterNodes());
        ConfigException both = assertThrows(ConfigException.class, () -> fromEnv(
                Map.of("REDIS_URL", "redis://127.0.0.1:6379", "REDIS_CLUSTER_NODES", "127.0.0.1:7000")));
        assertTrue(both.getMessage().contains("REDIS_URL") && both.getMessage().contains("REDIS_CLUSTER_NODES"),
                both.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> fromEnv(
                Map.of("REDIS_CLUSTER_NODES", "redis://u:hunter2@h")));
        assertTrue(bad.getMessage().startsWith("REDIS_CLUSTER_NODES"), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }

    @Test
    void badRedisUrlNamesTheVariableWithoutRepeatingTheSecret() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> fromEnv(Map.of("REDIS_URL", "tcp://user:hunter2@h:1")));
        assertTrue(e.getMessage().startsWith("REDIS_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void missingRedisServerBinaryFailsSayingSo(@org.junit.jupiter.api.io.TempDir Path emptyDir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisServer.binary(emptyDir.toString()));
        assertTrue(e.getMessage().contains("redis-server is not on the PATH"), e.getMessage());
    }

    @Test
    void redisPrefixDefaultsToChatOnDatabaseZeroAndInAClusterAndToChatDbNOnDatabaseN() {
        assertEquals("chat", RedisConfig.fromUrl("redis://h:1").prefix());
        assertEquals("chat", RedisConfig.fromUrl("redis://h:1/0").prefix());
        assertEquals("chat.db1", RedisConfig.fromUrl("redis://h:1/1").prefix());
        assertEquals("chat.db15", RedisConfig.fromUrl("rediss://u:p@h:1/15").prefix());
        assertEquals("chat", RedisConfig.fromClusterNodes("h:1,h:2").prefix());
        assertEquals("chat.db3", fromEnv(Map.of("REDIS_URL", "redis://h:1/3", "REDIS_PREFIX", " "))
                .orElseThrow().prefix(), "blank: the default");
    }

    @Test
    void anExplicitRedisPrefixReplacesTheDefault() {
        assertEquals("tenant-a.chat:v2_x", fromEnv(Map.of("REDIS_URL", "redis://h:1/3",
                "REDIS_PREFIX", "tenant-a.chat:v2_x")).orElseThrow().prefix());
        assertEquals("east", fromEnv(Map.of("REDIS_CLUSTER_NODES", "h:1",
                "REDIS_PREFIX", "east")).orElseThrow().prefix());
        String longest = "p".repeat(64);
        assertEquals(longest, fromEnv(Map.of("REDIS_URL", "redis://h:1", "REDIS_PREFIX", longest))
                .orElseThrow().prefix());
    }

    @Test
    void aRedisPrefixWithBracesOtherCharactersOrOver64CharactersIsAConfigErrorNamingIt() {
        for (String bad : List.of("a{b}", "{tag}", "chat room", "chat/1", "café", "x".repeat(65), "a\u0000b")) {
            ConfigException e = assertThrows(ConfigException.class, () -> fromEnv(
                    Map.of("REDIS_URL", "redis://h:1", "REDIS_PREFIX", bad)), bad);
            assertTrue(e.getMessage().startsWith("REDIS_PREFIX"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisConfig.fromUrl("redis://h:1").withPrefix(""));
    }

    @Test
    void redisReadersDefaultsToTwoAndIsRead() {
        assertEquals(2, RedisConfig.fromUrl("redis://h:1").readers());
        assertEquals(5, fromEnv(Map.of("REDIS_URL", "redis://h:1", "REDIS_READERS", "5"))
                .orElseThrow().readers());
        ConfigException e = assertThrows(ConfigException.class, () -> fromEnv(
                Map.of("REDIS_URL", "redis://h:1", "REDIS_READERS", "0")));
        assertTrue(e.getMessage().startsWith("REDIS_READERS"), e.getMessage());
    }
}
