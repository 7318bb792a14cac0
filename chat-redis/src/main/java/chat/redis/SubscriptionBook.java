package chat.redis;

import chat.core.broker.BrokerUnavailableException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A subscriber connection's bookkeeping: the channels this instance wants, the requests Redis has
 * not confirmed yet, and the re-subscription of every wanted channel after each (re)connect. It is
 * also the only writer to the connection's {@link PubSubSession}, so what it records and what it
 * sends cannot disagree.
 *
 * <p>Readiness: once attached to a connection, the book waits for Redis to confirm the control
 * channel, then subscribes every wanted channel again; it is ready once all of those are
 * confirmed. A subscription requested while not connected fails at once with
 * {@link BrokerUnavailableException} (the channel stays wanted and is subscribed on connecting);
 * one requested while the others are being re-subscribed is sent at once. Redis answers in
 * order, so confirmations are matched to requests in order per channel; re-subscriptions hold
 * their place in that order too.
 *
 * <p>Each method returns what the subscriber must tell its broker, which it does after the call,
 * outside the lock. Thread-safe: one lock guards the state and every write to the connection;
 * {@link #heartbeat} only tries it, so a writer stuck on a peer that stopped reading cannot hold
 * the heartbeat up.
 */
final class SubscriptionBook {

    /** What a confirmation means: the request it answers (or null), and what changed. */
    record Confirmation(CompletableFuture<Void> request, boolean resubscribed, boolean nowReady) {
        static final Confirmation NONE = new Confirmation(null, false, false);
    }

    /**
     * What an unsubscription from the server means: a wanted channel moved away (sharded Pub/Sub:
     * its slot moved), the connection is ready now that it no longer waits for that channel, or
     * the control channel was lost and the connection can no longer prove it is alive.
     */
    record Unsubscription(boolean movedAway, boolean nowReady, boolean controlLost) {
        static final Unsubscription EXPECTED = new Unsubscription(false, false, false);
    }

    /** What a lost connection leaves: whether it was ready, and the requests now failed. */
    record Detached(boolean wasReady, List<CompletableFuture<Void>> unanswered) {
    }

    /** Holds a re-subscription's place among a channel's pending confirmations. */
    private static final CompletableFuture<Void> RESUBSCRIBED = new CompletableFuture<>();

    private final String controlChannel;
    private final Duration confirmTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> unconfirmed = new HashMap<>();
    private final Set<String> resubscribing = new HashSet<>();
    private final Map<String, Integer> unsubscribing = new HashMap<>(); // our own, not yet confirmed
    private PubSubSession session; // null while not connected
    private boolean controlConfirmed;
    private volatile boolean ready;

    /** @param confirmTimeout how long a subscription waits for Redis' confirmation before it fails */
    SubscriptionBook(String controlChannel, Duration confirmTimeout) {
        this.controlChannel = controlChannel;
        this.confirmTimeout = confirmTimeout;
    }

    String controlChannel() {
        return controlChannel;
    }

    /** True while connected with every wanted channel subscribed. */
    boolean isReady() {
        return ready;
    }

    /** The channels this connection should be subscribed to, right now. */
    List<String> wanted() {
        lock.lock();
        try {
            return List.copyOf(wanted);
        } finally {
            lock.unlock();
        }
    }

    /** A new connection's session: writes go there from now on (the session subscribes the control channel first). */
    void attach(PubSubSession newSession) {
        lock.lock();
        try {
            session = newSession;
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: forgets what it was doing and hands back the requests it leaves unanswered. */
    Detached detach() {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        lock.lock();
        try {
            boolean wasReady = ready;
            ready = false;
            controlConfirmed = false;
            session = null;
            resubscribing.clear();
            unsubscribing.clear();
            unconfirmed.values().forEach(waiting -> waiting.stream().filter(f -> f != RESUBSCRIBED).forEach(failed::add));
            unconfirmed.clear();
            return new Detached(wasReady, failed);
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes a channel; completes when Redis confirmed it. */
    CompletableFuture<Void> subscribe(String channel) {
        lock.lock();
        try {
            wanted.add(channel);
            if (!controlConfirmed) {
                // not connected: the channel is wanted and is subscribed as soon as the connection is up
                return CompletableFuture.failedFuture(new BrokerUnavailableException("redis is not connected"));
            }
            // connected (perhaps still re-subscribing the others): subscribe now, confirmed in order
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            // stays queued even if it times out, so later confirmations still match their requests
            unconfirmed.computeIfAbsent(channel, c -> new ArrayDeque<>()).addLast(confirmed);
            try {
                session.subscribeTo(channel);
            } catch (RuntimeException e) {
                confirmed.completeExceptionally(new BrokerUnavailableException("redis subscribe failed: " + e.getMessage(), e));
            }
            return confirmed.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Stops wanting a channel (Redis' confirmation is not awaited); returns whether the connection became ready. */
    boolean unsubscribe(String channel) {
        lock.lock();
        try {
            wanted.remove(channel);
            if (!controlConfirmed) {
                return false; // not subscribed on this connection yet; the re-subscription leaves it out
            }
            boolean nowReady = false;
            if (resubscribing.remove(channel) && resubscribing.isEmpty()) {
                ready = true; // the room left while being subscribed again: nothing else is missing
                nowReady = true;
            }
            try {
                unsubscribing.merge(channel, 1, Integer::sum);
                session.unsubscribeFrom(channel);
            } catch (RuntimeException connectionBroken) {
                // the subscriber thread notices too; the next connection does not subscribe it
            }
            return nowReady;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks Redis for a sign of life: subscribes the control channel again, which Redis confirms like
     * any subscription. Skipped while not ready or while another thread writes. Returns false when
     * the write failed (the connection is broken).
     */
    boolean heartbeat() {
        if (!ready || !lock.tryLock()) {
            return true;
        }
        try {
            session.subscribeTo(controlChannel);
            return true;
        } catch (RuntimeException writeFailed) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Redis confirmed a subscription. The first confirmation of the control channel starts the
     * re-subscription of every wanted channel; later ones are heartbeats. A room's confirmation
     * answers the oldest pending request for that room.
     */
    Confirmation confirmed(String channel) {
        lock.lock();
        try {
            if (channel.equals(controlChannel)) {
                return controlConfirmed ? Confirmation.NONE : controlConfirmedFirst();
            }
            CompletableFuture<Void> request = null;
            ArrayDeque<CompletableFuture<Void>> waiting = unconfirmed.get(channel);
            if (waiting != null) {
                request = waiting.pollFirst();
                if (waiting.isEmpty()) {
                    unconfirmed.remove(channel);
                }
            }
            if (request != RESUBSCRIBED) {
                return new Confirmation(request, false, false);
            }
            boolean nowReady = false;
            if (resubscribing.remove(channel) && resubscribing.isEmpty() && !ready) {
                ready = true;
                nowReady = true;
            }
            return new Confirmation(null, wanted.contains(channel), nowReady);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the connection is up; subscribes every wanted channel again. */
    private Confirmation controlConfirmedFirst() {
        controlConfirmed = true;
        if (wanted.isEmpty()) {
            ready = true;
            return new Confirmation(null, false, true);
        }
        for (String room : wanted) {
            resubscribing.add(room);
            unconfirmed.computeIfAbsent(room, r -> new ArrayDeque<>()).addLast(RESUBSCRIBED);
        }
        session.subscribeToAll(wanted);
        return Confirmation.NONE;
    }

    /**
     * The server dropped a channel. Our own unsubscriptions are expected; any other one, of a
     * channel still wanted, means its slot moved (sharded Pub/Sub): it is no longer wanted here,
     * and its pending requests fail. Losing the control channel leaves the connection without proof
     * of life.
     */
    Unsubscription unsubscribed(String channel) {
        lock.lock();
        try {
            Integer ours = unsubscribing.get(channel);
            if (ours != null) {
                if (ours == 1) {
                    unsubscribing.remove(channel);
                } else {
                    unsubscribing.put(channel, ours - 1);
                }
                return Unsubscription.EXPECTED;
            }
            if (channel.equals(controlChannel)) {
                return new Unsubscription(false, false, true);
            }
            if (!wanted.remove(channel)) {
                return Unsubscription.EXPECTED;
            }
            ArrayDeque<CompletableFuture<Void>> waiting = unconfirmed.remove(channel);
            if (waiting != null) {
                BrokerUnavailableException moved = new BrokerUnavailableException("the room moved to another redis node");
                waiting.stream().filter(f -> f != RESUBSCRIBED).forEach(f -> f.completeExceptionally(moved));
            }
            boolean nowReady = false;
            if (resubscribing.remove(channel) && resubscribing.isEmpty() && controlConfirmed && !ready) {
                ready = true;
                nowReady = true;
            }
            return new Unsubscription(true, nowReady, false);
        } finally {
            lock.unlock();
        }
    }
}
