package chat.endpoint;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.hub.ChatHub;
import chat.core.hub.ChatLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EndpointCollaboratorsTest {
    private final ChatHub hub = new ChatHub(new InProcessBroker(), ChatLimits.defaults(), Clock.systemUTC());

    @Test
    void defaultsAllowAnyOriginTrustTheUserIdParameterAndKnowNoAddresses() {
        EndpointCollaborators defaults = EndpointCollaborators.of(hub);
        assertSame(hub, defaults.hub());
        assertEquals(Set.of(), defaults.allowedOrigins());
        assertInstanceOf(QueryUserId.class, defaults.identity());
        assertSame(RemoteAddress.UNKNOWN, defaults.remoteAddress());
    }

    @Test
    void allowedOriginsAreCopied() {
        Set<String> origins = new HashSet<>(Set.of("https://chat.example.com"));
        EndpointCollaborators collaborators = new EndpointCollaborators(hub, origins, new QueryUserId(), RemoteAddress.UNKNOWN);
        origins.add("https://evil.example.net");
        assertEquals(Set.of("https://chat.example.com"), collaborators.allowedOrigins());
    }

    @Test
    void aMissingCollaboratorIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new EndpointCollaborators(hub, Set.of(), null, RemoteAddress.UNKNOWN));
        assertEquals("identity", e.getMessage());
    }
}
