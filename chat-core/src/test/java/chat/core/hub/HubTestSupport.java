package chat.core.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.core.access.RoomAccess;
import chat.core.hooks.ChatHooks;
import chat.core.broker.Broker;
import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ClientCommand;
import chat.core.testing.RecordingConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;

/**
 * What the hub's tests share: a hub on a broker, started on first use unless a test starts it with
 * limits of its own; connections that record every frame they receive; commands sent as a client
 * sends them. Writes happen on the calling thread, so a test sees every frame at once. The broker is
 * closed after each test.
 *
 * @param <B> the broker's type, so a test can reach what its double offers
 */
abstract class HubTestSupport<B extends Broker> {
    static final String ROOM = "room-1";
    static final long NOW = 1_764_100_000_000L;
    static final Clock FIXED_CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    protected final ChatCodec codec = new ChatCodec();
    /** The broker the hub runs on; a test may replace it before it starts the hub. */
    protected B broker;
    protected ChatHub hub;

    protected HubTestSupport(B broker) {
        this.broker = broker;
    }

    /** The hub's clock: a fixed instant unless a test moves time. */
    protected Clock clock() {
        return FIXED_CLOCK;
    }

    /** Where the hub reports what happens: nowhere unless a test listens. */
    protected ChatEvents events() {
        return ChatEvents.NONE;
    }

    /** Starts the hub of a test that did not start one itself. */
    protected void startDefault() {
        start(ChatLimits.defaults());
    }

    /** Who may enter and read which room: anyone unless a test decides. */
    protected RoomAccess roomAccess() {
        return RoomAccess.open();
    }

    /** The hub's hooks: {@link #roomAccess()}, every TALK as sent, nobody told, unless a test decides. */
    protected ChatHooks hooks() {
        return ChatHooks.defaults().withRoomAccess(roomAccess());
    }

    protected ChatHub start(ChatLimits limits) {
        hub = new ChatHub(broker, limits, clock(), Runnable::run, events(), hooks());
        broker.start(hub);
        return hub;
    }

    protected ChatHub hub() {
        if (hub == null) {
            startDefault();
        }
        return hub;
    }

    @AfterEach
    final void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    protected RecordingConnection connect(String userId) {
        RecordingConnection c = new RecordingConnection(userId);
        assertTrue(hub().open(c), userId + " was not admitted");
        return c;
    }

    protected void enter(Connection c, String room) {
        hub().onFrame(c, ClientCommand.enter(room));
    }

    protected void talk(Connection c, String room, String message) {
        hub().onFrame(c, ClientCommand.talk(room, message));
    }

    protected void leave(Connection c, String room) {
        hub().onFrame(c, ClientCommand.leave(room));
    }

    /** A frame as a client writes it, through the codec. */
    protected void frame(Connection c, String json) {
        hub().onFrame(c, codec.decodeClient(json));
    }
}
