package chat.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;

import java.util.Collection;

/**
 * One connection's Pub/Sub in one {@link PubSub} flavour: writes (S)SUBSCRIBE and (S)UNSUBSCRIBE,
 * and reads, on the thread that calls {@link #readUntilClosed}, until the connection ends, handing
 * everything it reads to a {@link Handler}. The Jedis hooks stay here so the rest of the
 * subscriber does not depend on which flavour it speaks.
 *
 * <p>Thread-safety: the writing methods must not run concurrently with one another (the
 * subscriber calls them under its lock); they may run while another thread reads.
 */
sealed interface PubSubSession permits PubSubSession.Classic, PubSubSession.Sharded {

    /** What a session reads, called on the reading thread in the order Redis sent it. */
    interface Handler {
        void message(String channel, String text);

        /** Redis confirmed a subscription. */
        void subscribed(String channel);

        /** Redis confirmed an unsubscription, asked for or not. */
        void unsubscribed(String channel);

        /** Redis said something that proves the connection alive besides the calls above. */
        void heard();
    }

    static PubSubSession of(PubSub flavour, Handler handler) {
        return switch (flavour) {
            case CLASSIC -> new Classic(handler);
            case SHARDED -> new Sharded(handler);
        };
    }

    void subscribeTo(String channel);

    /**
     * Subscribes every channel: in one command where the flavour allows it; one SSUBSCRIBE per
     * channel in a cluster, where channels of different slots in one call fail with CROSSSLOT.
     */
    void subscribeToAll(Collection<String> channels);

    void unsubscribeFrom(String channel);

    /** Subscribes {@code first} and reads until the connection ends (or fails: it throws then). */
    void readUntilClosed(Connection connection, String first);

    final class Classic extends JedisPubSub implements PubSubSession {
        private final Handler handler;

        Classic(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void onMessage(String channel, String message) {
            handler.heard();
            handler.message(channel, message);
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            handler.subscribed(channel);
        }

        @Override
        public void onUnsubscribe(String channel, int subscribedChannels) {
            handler.unsubscribed(channel);
        }

        @Override
        public void subscribeTo(String channel) {
            subscribe(channel);
        }

        @Override
        public void subscribeToAll(Collection<String> channels) {
            subscribe(channels.toArray(new String[0]));
        }

        @Override
        public void unsubscribeFrom(String channel) {
            unsubscribe(channel);
        }

        @Override
        public void readUntilClosed(Connection connection, String first) {
            proceed(connection, first);
        }
    }

    final class Sharded extends JedisShardedPubSub implements PubSubSession {
        private final Handler handler;

        Sharded(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void onSMessage(String channel, String message) {
            handler.heard();
            handler.message(channel, message);
        }

        @Override
        public void onSSubscribe(String channel, int subscribedChannels) {
            handler.subscribed(channel);
        }

        @Override
        public void onSUnsubscribe(String channel, int subscribedChannels) {
            handler.heard();
            handler.unsubscribed(channel);
        }

        @Override
        public void subscribeTo(String channel) {
            ssubscribe(channel);
        }

        @Override
        public void subscribeToAll(Collection<String> channels) {
            for (String channel : channels) {
                ssubscribe(channel);
            }
        }

        @Override
        public void unsubscribeFrom(String channel) {
            sunsubscribe(channel);
        }

        @Override
        public void readUntilClosed(Connection connection, String first) {
            proceed(connection, first);
        }
    }
}
