package chat.core;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-instance broker: publishing hands the message straight back to the listener.
 *
 * <p>Each subscribed room has a mailbox. A publisher appends to it and, unless another thread is
 * already draining that room, drains it itself. So a room's messages reach the listener one at a
 * time in one order, no lock is held while the listener runs (a listener may publish again, for
 * example a LEAVE after closing a slow member), and a publisher never waits for another room.
 * A mailbox holds at most {@code maxBacklogPerRoom} messages; past that, publish fails with
 * {@link BrokerUnavailableException} rather than grow without bound.
 *
 * <p>A room's mailbox outlives an unsubscribe while a thread is still draining it, so a quick
 * unsubscribe and re-subscribe cannot start a second, overlapping delivery loop for the room.
 * Unsubscribing drops the messages still waiting: nobody here is interested in them any more.
 */
public final class InProcessBroker implements Broker {
    public static final int DEFAULT_MAX_BACKLOG_PER_ROOM = 65_536;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Mailbox> rooms = new ConcurrentHashMap<>();
    private final int maxBacklogPerRoom;
    private volatile BrokerListener listener;
    private volatile boolean closed;

    public InProcessBroker() {
        this(DEFAULT_MAX_BACKLOG_PER_ROOM);
    }

    public InProcessBroker(int maxBacklogPerRoom) {
        if (maxBacklogPerRoom <= 0) {
            throw new IllegalArgumentException("maxBacklogPerRoom must be positive, was " + maxBacklogPerRoom);
        }
        this.maxBacklogPerRoom = maxBacklogPerRoom;
    }

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public synchronized void start(BrokerListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null) {
            throw new IllegalStateException("broker already started");
        }
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("broker is closed"));
        }
        while (true) {
            Mailbox mailbox = rooms.computeIfAbsent(roomId, id -> new Mailbox());
            synchronized (mailbox) {
                if (!mailbox.retired) {
                    mailbox.subscribed = true;
                    return DONE;
                }
            }
            // lost a race with the retiring drainer: it is removing that mailbox; take a new one
        }
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        Mailbox mailbox = rooms.get(roomId);
        if (mailbox != null) {
            synchronized (mailbox) {
                mailbox.subscribed = false;
                mailbox.backlog.clear();
                if (!mailbox.draining) {
                    retire(roomId, mailbox);
                }
            }
        }
        return DONE;
    }

    @Override
    public CompletionStage<Void> publish(ChatMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("broker is closed"));
        }
        BrokerListener target = listener;
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not started"));
        }
        Mailbox mailbox = rooms.get(message.roomId());
        if (mailbox == null) {
            return DONE; // nobody here is interested in this room
        }
        synchronized (mailbox) {
            if (!mailbox.subscribed) {
                return DONE;
            }
            if (mailbox.backlog.size() >= maxBacklogPerRoom) {
                return CompletableFuture.failedFuture(new BrokerUnavailableException(
                        "room " + message.roomId() + " has " + maxBacklogPerRoom + " messages waiting"));
            }
            mailbox.backlog.addLast(message);
            if (mailbox.draining) {
                return DONE;
            }
            mailbox.draining = true;
        }
        drain(message.roomId(), mailbox, target);
        return DONE;
    }

    private void drain(String roomId, Mailbox mailbox, BrokerListener target) {
        while (true) {
            ChatMessage next;
            synchronized (mailbox) {
                next = mailbox.backlog.pollFirst();
                if (next == null) {
                    mailbox.draining = false;
                    if (!mailbox.subscribed) {
                        retire(roomId, mailbox);
                    }
                    return;
                }
            }
            try {
                target.onMessage(next);
            } catch (RuntimeException listenerBug) {
                // The listener's own failure must not stop the room: later messages still go out.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, listenerBug);
            }
        }
    }

    /** Under the mailbox's lock, with nobody draining: forget an unsubscribed room's mailbox. */
    private void retire(String roomId, Mailbox mailbox) {
        mailbox.retired = true;
        rooms.remove(roomId, mailbox);
    }

    @Override
    public void close() {
        closed = true;
        rooms.clear();
    }

    /** One room's queue; every field is guarded by the mailbox itself. */
    private static final class Mailbox {
        final ArrayDeque<ChatMessage> backlog = new ArrayDeque<>();
        boolean subscribed;
        boolean draining;
        boolean retired;
    }
}
