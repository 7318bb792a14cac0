package chat.redis;

import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Lua scripts that keep each room's counter, history and channel consistent. Redis runs a
 * script atomically, so numbering a TALK, storing it and publishing it is one step: seq order,
 * history order and the order every subscriber sees are the same.
 *
 * <p>Scripts are called by SHA ({@code EVALSHA}) and sent whole only when Redis does not know them
 * yet (after a restart, say): see {@link LuaScript}. How many rooms have a history is
 * {@link HistoryRooms}' concern.
 */
final class HistoryScripts {

    /**
     * KEYS: seq, history. ARGV: channel, message JSON without its closing brace, history size,
     * retention ms, PUBLISH or SPUBLISH (a shard channel in the keys' slot). Returns the seq.
     * A counter that starts again at 1 (it expired or was lost) clears what is left of the old
     * history, so stream ids keep rising. The keys' retention time is renewed when less than half
     * of it is left (a cheap PTTL instead of two PEXPIREs per TALK), so a busy room never expires
     * even if the instances' periodic refresh ({@link #touch}) fails.
     */
    private static final String APPEND_AND_PUBLISH = """
            local seq = string.format('%d', redis.call('INCR', KEYS[1]))
            local payload = ARGV[2] .. ',"seq":' .. seq .. '}'
            if seq == '1' then redis.call('DEL', KEYS[2]) end
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], seq .. '-0', 'm', payload)
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) / 2 then
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[4])
            end
            redis.call(ARGV[5], ARGV[1], payload)
            return seq
            """;

    /**
     * KEYS: seq, history. ARGV: 'after' or 'before', the bound seq (exclusive), the most messages,
     * the most bytes, the first chunk ({@link #FIRST_CHUNK}). Returns the latest seq, the oldest
     * stored entry id ('' when none), then the JSON of the newest messages on the bound's side that
     * fit in both limits, in seq order.
     *
     * <p>Reads newest first, a few entries at a time: the first {@value #FIRST_CHUNK}, then as many
     * as the bytes left hold at the average size seen so far, plus one (at least
     * {@value #FIRST_CHUNK}), and stops at the first entry that does not fit. So Redis reads at most
     * the entries it returns plus one chunk, however long the stream and however large its entries;
     * a single XREVRANGE with COUNT set to the message bound would read hundreds of large entries
     * to return a few.
     */
    private static final String READ = """
            local out = {redis.call('GET', KEYS[1]) or '0', ''}
            local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            if oldest[1] then out[2] = oldest[1][1] end
            local count = tonumber(ARGV[3])
            local budget = tonumber(ARGV[4])
            local first = tonumber(ARGV[5])
            local high, low = '+', '(' .. ARGV[2] .. '-0'
            if ARGV[1] ~= 'after' then high, low = '(' .. ARGV[2] .. '-0', '-' end
            local taken, used = {}, 0
            local chunk = math.min(count, first)
            while chunk > 0 do
              local entries = redis.call('XREVRANGE', KEYS[2], high, low, 'COUNT', chunk)
              for i = 1, #entries do
                local size = #entries[i][2][2]
                if size > budget - used then
                  chunk = 0
                  break
                end
                used = used + size
                taken[#taken + 1] = entries[i][2][2]
                high = '(' .. entries[i][1]
              end
              if #entries < chunk or #taken >= count then chunk = 0 end
              if chunk > 0 then
                local fits = math.floor((budget - used) / (used / #taken)) + 1
                chunk = math.min(count - #taken, math.max(first, fits))
              end
            end
            for i = #taken, 1, -1 do out[#out + 1] = taken[i] end
            return out
            """;

    /** Entries the READ script takes at first, and at least, in one XREVRANGE. */
    static final int FIRST_CHUNK = 8;
    private static final String FIRST_CHUNK_TEXT = Integer.toString(FIRST_CHUNK);

    /**
     * KEYS: seq, history. ARGV: retention ms. Keeps a room's history alive while it has members.
     * Returns how many of the two keys exist (0: the room has no history).
     */
    private static final String TOUCH = """
            return redis.call('PEXPIRE', KEYS[1], ARGV[1]) + redis.call('PEXPIRE', KEYS[2], ARGV[1])
            """;

    private final LuaScript append = new LuaScript(APPEND_AND_PUBLISH);
    private final LuaScript read = new LuaScript(READ);
    private final LuaScript touch = new LuaScript(TOUCH);
    private final RoomKeys names;
    private final ChatCodec codec;
    private final PubSub pubSub;
    private final String size;
    private final String retentionMillis;
    private final long refreshIntervalMillis;

    /** @param pubSub how a TALK is published: on the room's classic channel, or its shard channel (Redis Cluster) */
    HistoryScripts(RoomKeys names, ChatCodec codec, HistoryPolicy policy, PubSub pubSub) {
        this.names = names;
        this.codec = codec;
        this.pubSub = pubSub;
        this.size = Integer.toString(policy.size());
        this.retentionMillis = Long.toString(policy.retention().toMillis());
        this.refreshIntervalMillis = Math.max(100, policy.retention().toMillis() / 3);
    }

    /** How often the instances hosting a room renew its retention ({@link #touch}): a third of it. */
    long refreshIntervalMillis() {
        return refreshIntervalMillis;
    }

    /**
     * Numbers, stores and publishes a TALK; returns the seq the script gave it (1: the TALK created
     * the room's history).
     */
    long appendAndPublish(UnifiedJedis redis, ChatMessage talk) {
        String json = codec.encode(talk); // ends with "}" and has no seq yet: the script appends it
        String open = json.substring(0, json.length() - 1);
        Object seq = append.run(redis, keys(talk.roomId()), List.of(channel(talk.roomId()), open, size,
                retentionMillis, pubSub.publishCommand()));
        return Long.parseLong(seq.toString());
    }

    HistorySlice after(UnifiedJedis redis, String roomId, long afterSeq, HistoryBounds bounds) {
        return slice(read.run(redis, keys(roomId), List.of("after", Long.toString(afterSeq),
                Integer.toString(bounds.messages()), Long.toString(bounds.bytes()), FIRST_CHUNK_TEXT)));
    }

    HistorySlice before(UnifiedJedis redis, String roomId, long beforeSeq, HistoryBounds bounds) {
        return slice(read.run(redis, keys(roomId), List.of("before", Long.toUnsignedString(beforeSeq),
                Integer.toString(bounds.messages()), Long.toString(bounds.bytes()), FIRST_CHUNK_TEXT)));
    }

    /** Renews the retention time of a room's keys; returns whether the room has a history. */
    boolean touch(UnifiedJedis redis, String roomId) {
        return ((Number) touch.run(redis, keys(roomId), List.of(retentionMillis))).longValue() > 0;
    }

    /** What {@link #touchAll} did: the rooms that have a history, and how many touches failed. */
    record Touched(List<String> withHistory, int failed) {
    }

    /**
     * {@link #touch}es every room, going on past failures (a room on a shard that is down: the TALK
     * script renews it once the shard is back).
     */
    Touched touchAll(UnifiedJedis redis, Collection<String> roomIds) {
        List<String> withHistory = new ArrayList<>();
        int failed = 0;
        for (String roomId : roomIds) {
            try {
                if (touch(redis, roomId)) {
                    withHistory.add(roomId);
                }
            } catch (RuntimeException e) {
                failed++;
            }
        }
        return new Touched(withHistory, failed);
    }

    private HistorySlice slice(Object reply) {
        List<?> parts = (List<?>) reply;
        long latest = Long.parseLong(parts.get(0).toString());
        String oldestId = parts.get(1).toString();
        long first = oldestId.isEmpty() ? latest + 1 : Long.parseLong(oldestId.substring(0, oldestId.indexOf('-')));
        List<ChatMessage> messages = new ArrayList<>(parts.size() - 2);
        for (int i = 2; i < parts.size(); i++) {
            messages.add(codec.decodeMessage(parts.get(i).toString()));
        }
        return new HistorySlice(messages, first, latest);
    }

    /** The channel a room's traffic is published on. */
    String channel(String roomId) {
        return pubSub.channel(names, roomId);
    }

    private List<String> keys(String roomId) {
        return List.of(names.seq(roomId), names.history(roomId));
    }
}
