package chat.loadtest;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user: a WebSocket connection that is a member of one room. It notes when its own
 * ENTER comes back (it has joined), counts the ENTERs and ERRORs it sees and hands every TALK of
 * its room to a {@link TalkListener}. Frames of one connection arrive on one thread at a time, in
 * order; the getters may be read from any thread.
 */
final class Member extends Endpoint {

    /** Receives the TALKs of a member's room, on the connection's thread. */
    @FunctionalInterface
    interface TalkListener {
        TalkListener IGNORE = (from, message, seq, receivedNanos) -> { };

        /** @param seq the room's sequence number of the TALK (0 from a server without history) */
        void onTalk(String fromUserId, String message, long seq, long receivedNanos);
    }

    private final String userId;
    private final String roomId;
    private final TalkListener talks;
    /** Completes with the {@link System#nanoTime()} at which this member's own ENTER came back. */
    private final CompletableFuture<Long> joined = new CompletableFuture<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final AtomicLong entersSeen = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private volatile Session session;
    private volatile boolean closeRequested;
    private volatile boolean closedUnexpectedly;

    Member(String userId, String roomId, TalkListener talks) {
        this.userId = userId;
        this.roomId = roomId;
        this.talks = talks;
    }

    /** Whether the connection is open and its own ENTER came back. */
    boolean isLive() {
        return isJoined() && !isClosed();
    }

    String roomId() {
        return roomId;
    }

    /** Opens the connection; blocks for the handshake, which the client's handshake timeout bounds. */
    void connect(ClientManager client, URI uri) throws DeploymentException, IOException {
        client.connectToServer(this, ClientEndpointConfig.Builder.create().build(), uri);
    }

    Future<Void> enter() {
        return send(Frame.command("ENTER", roomId, ""));
    }

    Future<Void> talk(String message) {
        return send(Frame.command("TALK", roomId, message));
    }

    private Future<Void> send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return CompletableFuture.failedFuture(new IOException(userId + " is not connected"));
        }
        return s.getAsyncRemote().sendText(text);
    }

    /** Closes the connection (normal closure); {@link #isClosed()} tells when the server has answered. */
    void close() {
        closeRequested = true;
        Session s = session;
        if (s != null && s.isOpen()) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                lastError = "close failed: " + e;
            }
        }
    }

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        session = s;
        s.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
    }

    private void onText(String text) {
        long now = System.nanoTime();
        Frame frame = Frame.parse(text);
        switch (frame.type()) {
            case "ENTER" -> {
                if (roomId.equals(frame.roomId())) {
                    entersSeen.incrementAndGet();
                    if (userId.equals(frame.userId())) {
                        joined.complete(now);
                    }
                }
            }
            case "TALK" -> {
                if (roomId.equals(frame.roomId())) {
                    talks.onTalk(frame.userId(), frame.message(), frame.seq(), now);
                }
            }
            case "ERROR", Frame.INVALID -> {
                errors.incrementAndGet();
                lastError = frame.type() + " " + frame.code() + ": " + frame.message();
            }
            default -> {
                // LEAVE and SHUTDOWN need no bookkeeping
            }
        }
    }

    @Override
    public void onError(Session s, Throwable error) {
        errors.incrementAndGet();
        lastError = error.toString();
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
        closedUnexpectedly = !closeRequested;
        closed.complete(reason);
    }

    String userId() {
        return userId;
    }

    boolean isConnected() {
        return session != null;
    }

    boolean isJoined() {
        return joined.isDone();
    }

    /** The {@link System#nanoTime()} of this member's own ENTER echo; only when {@link #isJoined()}. */
    long joinedAtNanos() {
        return joined.getNow(0L);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Closed without having been asked to: by the server, or the connection broke. */
    boolean closedUnexpectedly() {
        return closed.isDone() && closedUnexpectedly;
    }

    /** How it was closed, or null while open. */
    CloseReason closeReason() {
        return closed.getNow(null);
    }

    long entersSeen() {
        return entersSeen.get();
    }

    /** ERROR frames, frames that were not JSON, and transport errors. */
    long errors() {
        return errors.get();
    }

    String lastError() {
        return lastError;
    }
}
