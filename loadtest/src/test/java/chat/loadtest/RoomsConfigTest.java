package chat.loadtest;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomsConfigTest {

    @Test
    void theReplacedToolsVariablesHaveItsDefaults() throws Exception {
        RoomsConfig c = RoomsConfig.fromEnv(Map.of(), 4242);
        assertEquals("ws://localhost:8085/ws/chat", c.endpoints().toString());
        assertEquals(1000, c.connections());
        assertEquals("tester-4242", c.clientId());
        assertEquals("load-test-room", c.roomId());
        assertEquals(10, c.messagesPerConn());
        assertEquals(Duration.ofSeconds(5), c.interval());
        assertEquals(500, c.batchSize());
        assertEquals(Duration.ofSeconds(1), c.batchDelay());
        // every connection sends MSG_COUNT TALKs, one every MSG_INTERVAL_SEC: 1000 / 5 s = 200/s in all
        assertEquals(200.0, c.effectiveRate());
        assertEquals(10_000, c.totalMessages());
        assertEquals("load-test-room", c.room(999));
        assertEquals("tester-4242-999", c.userId(999));
    }

    @Test
    void runsAtScaleSetRoomsARateADurationAndSourceAddresses() throws Exception {
        RoomsConfig c = RoomsConfig.fromEnv(Map.of("TARGET_URL", "ws://127.0.0.1:1/ws/chat,ws://127.0.0.1:2",
                "CONN_COUNT", "500", "ROOM_COUNT", "5", "MSG_RATE", "40", "DURATION_SEC", "30",
                "SOURCE_ADDRESSES", "127.0.0.2-127.0.0.4, 127.0.0.9", "CLIENT_ID", "p1"), 1);
        assertEquals(2, c.endpoints().uris().size());
        assertEquals("load-test-room-3", c.room(8));
        assertEquals(40.0, c.effectiveRate());
        assertEquals(1200, c.totalMessages());
        assertEquals(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
                InetAddress.getByName("127.0.0.4"), InetAddress.getByName("127.0.0.9")), c.sourceAddresses());
    }

    @Test
    void badValuesNameTheVariable() {
        for (Map<String, String> env : List.of(Map.of("CONN_COUNT", "0"), Map.of("CONN_COUNT", "20000"),
                Map.of("MSG_RATE", "-1"), Map.of("TARGET_URL", "http://x"), Map.of("CLIENT_ID", "bad id"),
                Map.of("SOURCE_ADDRESSES", "127.0.0.5-127.0.0.1"), Map.of("ROOM_COUNT", "2000"))) {
            UsageException e = assertThrows(UsageException.class, () -> RoomsConfig.fromEnv(env, 1), env.toString());
            String variable = env.keySet().iterator().next();
            assertTrue(e.getMessage().contains(variable) || e.getMessage().contains("url"), e.getMessage());
        }
    }
}
