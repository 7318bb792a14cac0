package chat.redis;

import java.util.Objects;

/**
 * The Redis names one deployment uses, all under its prefix ({@code REDIS_PREFIX}, see
 * {@link RedisConfig#prefix()}): Pub/Sub is server-wide, not per database, so the prefix is what
 * keeps two deployments on one Redis (or one Redis Cluster) apart.
 *
 * <ul>
 *   <li>room channel {@code <prefix>.room.<roomId>}, shard channel {@code <prefix>.room.{<roomId>}}</li>
 *   <li>room keys {@code <prefix>:{<roomId>}:seq} and {@code <prefix>:{<roomId>}:history}</li>
 *   <li>the index of rooms with a history {@code <prefix>:history-rooms}</li>
 *   <li>control channels {@code <prefix>.instance.<instanceId>.<n>} (in a cluster
 *       {@code <prefix>.instance.<instanceId>.{<n>}}, {@code n} picking a slot of the node)</li>
 * </ul>
 *
 * A room's counter, history and shard channel share the hash tag {@code {roomId}}, so in Redis
 * Cluster they live in one slot and one script can update them all. Neither room ids (see
 * {@code Identifiers}) nor prefixes contain braces, so the tag is always the whole room id.
 * Immutable.
 */
final class RoomKeys {
    private final String prefix;
    private final String channelPrefix;

    /** @param prefix already checked ({@link RedisConfig#checkPrefix}) */
    RoomKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.channelPrefix = prefix + ".room.";
    }

    String prefix() {
        return prefix;
    }

    /** The Pub/Sub channel of a room. */
    String channel(String roomId) {
        return channelPrefix + roomId;
    }

    /**
     * The shard channel of a room in Redis Cluster, {@code <prefix>.room.{<roomId>}}: its hash tag
     * puts it in the slot of the room's keys, so one script can store a TALK and publish it.
     */
    String shardChannel(String roomId) {
        return channelPrefix + "{" + roomId + "}";
    }

    /** The room id of one of this prefix's room channels (classic or shard), or null for any other channel. */
    String roomOf(String channel) {
        if (!channel.startsWith(channelPrefix)) {
            return null;
        }
        String room = channel.substring(channelPrefix.length());
        return room.startsWith("{") && room.endsWith("}") ? room.substring(1, room.length() - 1) : room;
    }

    /** The room's sequence counter: the seq of its newest TALK. */
    String seq(String roomId) {
        return prefix + ":{" + roomId + "}:seq";
    }

    /** The room's history: a stream of its newest TALKs, entry id {@code <seq>-0}, field {@code m} the message JSON. */
    String history(String roomId) {
        return prefix + ":{" + roomId + "}:history";
    }

    /**
     * The sorted set of rooms that have a history, scored by the last time (Redis' clock, epoch
     * microseconds) an instance refreshed them: what bounds their number ({@link HistoryRooms}).
     */
    String historyRooms() {
        return prefix + ":history-rooms";
    }

    /** A subscriber connection's own channel, for its heartbeat ({@code n}: the connection's number). */
    String controlChannel(String instanceId, int n) {
        return prefix + ".instance." + safe(instanceId) + "." + n;
    }

    /**
     * A shard channel of this instance with the hash tag {@code {n}}: the cluster broker picks
     * {@code n} so that the channel's slot is on the node its subscriber connection serves.
     */
    String shardControlChannel(String instanceId, int n) {
        return prefix + ".instance." + safe(instanceId) + ".{" + n + "}";
    }

    /** The hash tag of a room's names: every one of them is in the slot of this key. */
    static String slotKey(String roomId) {
        return "{" + roomId + "}";
    }

    /** An instance id as a channel name part: no braces (a hash tag of its own) or spaces. */
    private static String safe(String instanceId) {
        return instanceId.replaceAll("[^A-Za-z0-9_.:-]", "_");
    }
}
