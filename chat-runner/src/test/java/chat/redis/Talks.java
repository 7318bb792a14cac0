package chat.redis;

import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.fail;

/** Reading a room's TALKs off a test client, for the history and cluster tests. */
final class Talks {
    private Talks() {
    }

    /**
     * Reads until the TALK with seq {@code last} of {@code room} arrived; returns seq -> "user:message".
     * Skips ENTER, LEAVE and other rooms' frames (and RESYNC when allowed); fails on anything else
     * and on a seq delivered twice.
     */
    static Map<Long, String> through(TestClient c, String room, long last, boolean resyncAllowed) {
        Map<Long, String> talks = new LinkedHashMap<>();
        long seen = 0;
        while (seen < last) {
            JsonNode f = c.next();
            String type = f.path("type").asText();
            if (type.equals("ENTER") || type.equals("LEAVE") || (resyncAllowed && type.equals("RESYNC"))
                    || !room.equals(f.path("roomId").asText())) {
                continue;
            }
            if (!type.equals("TALK")) {
                fail("expected TALKs of " + room + " but got " + f);
            }
            seen = f.get("seq").asLong();
            if (talks.put(seen, f.get("userId").asText() + ":" + f.get("message").asText()) != null) {
                fail("seq " + seen + " delivered twice");
            }
        }
        return talks;
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
