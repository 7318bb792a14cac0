package chat.redis;

/**
 * Redis names of one room. The counter and the history share the hash tag {@code {roomId}}, so in
 * Redis Cluster they live in one slot and one script can update both. Room ids never contain
 * braces (see {@code Identifiers}), so the tag is always the whole room id.
 */
final class RoomKeys {
    private static final String CHANNEL_PREFIX = "chat.room.";

    private RoomKeys() {
    }

    /** The Pub/Sub channel of a room. */
    static String channel(String roomId) {
        return CHANNEL_PREFIX + roomId;
    }

    /**
     * The shard channel of a room in Redis Cluster, {@code chat.room.{<roomId>}}: its hash tag puts
     * it in the slot of the room's keys, so one script can store a TALK and publish it.
     */
    static String shardChannel(String roomId) {
        return CHANNEL_PREFIX + "{" + roomId + "}";
    }

    /** The room id of a room channel (classic or shard), or null for any other channel. */
    static String roomOf(String channel) {
        if (!channel.startsWith(CHANNEL_PREFIX)) {
            return null;
        }
        String room = channel.substring(CHANNEL_PREFIX.length());
        return room.startsWith("{") && room.endsWith("}") ? room.substring(1, room.length() - 1) : room;
    }

    /** The room's sequence counter: the seq of its newest TALK. */
    static String seq(String roomId) {
        return "chat:{" + roomId + "}:seq";
    }

    /** The room's history: a stream of its newest TALKs, entry id {@code <seq>-0}, field {@code m} the message JSON. */
    static String history(String roomId) {
        return "chat:{" + roomId + "}:history";
    }
}
