package chat.runner;

import chat.config.ConfigException;
import chat.endpoint.contract.TestClient;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With AUTH_SECRET set, identity comes from a signed, unexpired token; the userId parameter is ignored. */
class SignedTokenTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withAuthSecret(SECRET));
    }

    private static String token(String secret, String subject, Instant expires) {
        return JWT.create().withSubject(subject).withExpiresAt(expires).sign(Algorithm.HMAC256(secret));
    }

    private TestClient connect(String query) {
        return servers.clients().connectRaw(URI.create(server.chatUri() + query), query);
    }

    @Test
    void validTokenMakesItsSubjectTheUserIdWhateverTheQuerySays() {
        String token = token(SECRET, "alice", Instant.now().plusSeconds(60));
        TestClient c = connect("?userId=mallory&token=" + token);
        c.enter("signed");
        c.expect("ENTER", "signed", "alice");
    }

    @Test
    void missingExpiredForgedOrMalformedTokensAreRefusedWith1008() {
        assertRefused("?userId=alice", "token is required");
        assertRefused("?token=" + token(SECRET, "alice", Instant.now().minusSeconds(60)), "expired");
        assertRefused("?token=" + token("another-secret-that-is-also-long-enough!!", "alice",
                Instant.now().plusSeconds(60)), "signature");
        assertRefused("?token=not.a.jwt", "malformed");
        assertRefused("?token=" + JWT.create().withSubject("alice").sign(Algorithm.HMAC256(SECRET)), "exp");
        assertRefused("?token=" + token(SECRET, "SYSTEM", Instant.now().plusSeconds(60)), "reserved");
        assertEquals(0, server.hub().connectionCount());
    }

    @Test
    void aTokenNamingCriticalHeaderExtensionsIsRefused() {
        String token = JWT.create().withHeader(Map.of("crit", List.of("b64"), "b64", false)).withSubject("alice")
                .withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));
        assertRefused("?token=" + token, "crit");
        assertEquals(0, server.hub().connectionCount());
    }

    private void assertRefused(String query, String reasonPart) {
        CloseReason reason = connect(query).awaitClose();
        assertEquals(1008, reason.getCloseCode().getCode(), query);
        assertTrue(reason.getReasonPhrase().contains(reasonPart), query + ": " + reason.getReasonPhrase());
    }

    @Test
    void shortSecretStopsStartUpWithoutRepeatingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.fromEnv(Map.of("AUTH_SECRET", "short-secret")));
        assertTrue(e.getMessage().startsWith("AUTH_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
        assertFalse(ServerConfig.defaults().withAuthSecret(SECRET).toString().contains(SECRET), "secret in toString");
    }
}
