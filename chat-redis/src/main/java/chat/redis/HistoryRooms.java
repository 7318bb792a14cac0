package chat.redis;

import chat.core.events.ThrottledWarning;
import chat.core.history.HistoryPolicy;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps the number of rooms with a history in Redis within {@link HistoryPolicy#maxRooms()}
 * ({@code HISTORY_MAX_ROOMS}) for the whole deployment, least recently refreshed first.
 *
 * <p>Every room's counter and history expire by themselves {@code HISTORY_RETENTION_SECONDS} after
 * they were last refreshed, but a client can make fresh rooms faster than that. So the deployment
 * keeps an index, the sorted set {@link RoomKeys#historyRooms()}, of the rooms with a history,
 * each scored by the last time (Redis' clock, epoch microseconds: one clock for all instances, and
 * fine enough that two updates hardly ever tie) an instance refreshed it: when a TALK
 * created the room's history (its seq is 1), and whenever instances renew its retention (every
 * third of the retention time for rooms with local members, and when the last local member left).
 * A TALK in an existing room costs nothing here. Each update, atomic in one script:
 * <ol>
 *   <li>removes entries older than the retention time (their keys expired by themselves);</li>
 *   <li>adds or re-scores the refreshed rooms;</li>
 *   <li>past {@code maxRooms}, removes the entries with the oldest scores (rooms refreshed in this
 *       very update last), and returns those rooms.</li>
 * </ol>
 * Their counters and histories are then deleted (one {@code DEL} per room: with the
 * {@code {roomId}} hash tag both keys are in one slot, also in a cluster, where the index key
 * lives in a slot of its own) and each dropped room is reported ({@code Limit.HISTORY_ROOMS}).
 *
 * <p>So a full store never refuses a TALK: a new room's history pushes out the least recently
 * refreshed one. A room dropped while it has members starts its numbering again at 1; their hub
 * tells them with RESYNC. A room whose index entry went missing (kept alive by TALKs alone, or by
 * an instance that failed to update the index) is indexed again at the next refresh of an
 * instance hosting it, or expires.
 *
 * <p>Failures here never fail the TALK or refresh that caused them: they are logged, at most once
 * a minute, and the next update catches up. Thread-safe (stateless but for the throttled log).
 */
final class HistoryRooms {
    private static final System.Logger LOG = System.getLogger(HistoryRooms.class.getName());
    /** Rooms refreshed in one call of the script: a periodic refresh of many rooms is cut in batches. */
    static final int BATCH = 1_000;

    /**
     * KEYS: the index. ARGV: retention ms, the most rooms, then the rooms refreshed now. Returns the
     * rooms removed to stay within the most rooms. The index itself expires after the retention
     * time: by then every entry in it would have been pruned.
     */
    private static final String REFRESH = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%d', now - tonumber(ARGV[1]) * 1000))
            local mine = {}
            for i = 3, #ARGV do
              redis.call('ZADD', KEYS[1], string.format('%d', now), ARGV[i])
              mine[ARGV[i]] = true
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
            local dropped = {}
            if excess > 0 then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, excess + #ARGV - 3)
              for pass = 1, 2 do
                for _, room in ipairs(oldest) do
                  if #dropped < excess and (mine[room] == true) == (pass == 2) then
                    dropped[#dropped + 1] = room
                    redis.call('ZREM', KEYS[1], room)
                  end
                end
              end
            end
            return dropped
            """;

    private final LuaScript refresh = new LuaScript(REFRESH);
    private final RoomKeys keys;
    private final HistoryScripts scripts;
    private final String retentionMillis;
    private final int maxRooms;
    private final String maxRoomsText;
    private final Predicate<String> reachable;
    private final Runnable roomDropped;
    private final ThrottledWarning storeFull = new ThrottledWarning(LOG, Duration.ofMinutes(1));
    private final ThrottledWarning failures = new ThrottledWarning(LOG, Duration.ofMinutes(1));

    /**
     * @param reachable   whether the node of a key's slot is up now: in a cluster, an update of the index
     *                    or a delete on a node that is down is skipped rather than waited for, so a TALK
     *                    creating a room on a healthy shard is not held up by another shard's outage
     * @param roomDropped called once per room whose history was dropped to stay within the bound
     */
    HistoryRooms(RoomKeys keys, HistoryScripts scripts, HistoryPolicy policy, Predicate<String> reachable,
                 Runnable roomDropped) {
        this.reachable = reachable;
        this.keys = keys;
        this.scripts = scripts;
        this.retentionMillis = Long.toString(policy.retention().toMillis());
        this.maxRooms = policy.maxRooms();
        this.maxRoomsText = Integer.toString(maxRooms);
        this.roomDropped = roomDropped;
    }

    /** After a TALK was stored with {@code seq}: seq 1 created the room's history, which is indexed. Never throws. */
    void talkStored(UnifiedJedis redis, String roomId, long seq) {
        if (seq == 1) {
            index(redis, List.of(roomId));
        }
    }

    /** Renews one room's retention and, if it has a history, its place in the index. Never throws. */
    void refresh(UnifiedJedis redis, String roomId) {
        try {
            if (scripts.touch(redis, roomId)) {
                index(redis, List.of(roomId));
            }
        } catch (RuntimeException e) {
            failed("renewing the history retention of room " + roomId, e);
        }
    }

    /**
     * Renews the retention of every room and the index entries of those with a history, going on
     * past failures; returns how many rooms could not be renewed.
     */
    int refreshAll(UnifiedJedis redis, Collection<String> roomIds) {
        HistoryScripts.Touched touched = scripts.touchAll(redis, roomIds);
        List<String> withHistory = touched.withHistory();
        for (int from = 0; from < withHistory.size(); from += BATCH) {
            index(redis, withHistory.subList(from, Math.min(withHistory.size(), from + BATCH)));
        }
        return touched.failed();
    }

    /** Scores {@code roomIds} as refreshed now and drops the rooms that puts past the bound. */
    private void index(UnifiedJedis redis, List<String> roomIds) {
        if (!reachable.test(keys.historyRooms())) {
            failed("indexing the histories of " + roomIds.size() + " room(s)",
                    new IllegalStateException("the node of " + keys.historyRooms() + " is not connected"));
            return;
        }
        List<String> args = new ArrayList<>(roomIds.size() + 2);
        args.add(retentionMillis);
        args.add(maxRoomsText);
        args.addAll(roomIds);
        List<?> dropped;
        try {
            dropped = (List<?>) refresh.run(redis, List.of(keys.historyRooms()), args);
        } catch (RuntimeException e) {
            failed("indexing the histories of " + roomIds.size() + " room(s)", e);
            return;
        }
        for (Object room : dropped) {
            drop(redis, room.toString());
        }
    }

    private void drop(UnifiedJedis redis, String roomId) {
        // if this fails, its index entry is gone anyway: the keys expire by themselves, or are indexed again if used
        try {
            if (reachable.test(keys.seq(roomId))) {
                redis.del(keys.seq(roomId), keys.history(roomId));
            } else {
                failed("deleting the history of room " + roomId, new IllegalStateException("its node is not connected"));
            }
        } catch (RuntimeException e) {
            failed("deleting the history of room " + roomId, e);
        }
        try {
            roomDropped.run();
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "redis: reporting the dropped history of room " + roomId + " failed", bug);
        }
        storeFull.occurred(count -> "redis: " + keys.historyRooms() + " holds HISTORY_MAX_ROOMS (" + maxRooms
                + ") rooms: dropped the histories (and numbering) of " + count + " least recently refreshed room(s)"
                + " since the last such line, the latest " + roomId + "; raise HISTORY_MAX_ROOMS or lower"
                + " HISTORY_RETENTION_SECONDS if that is more than expected. At most one such line a minute");
    }

    private void failed(String what, RuntimeException e) {
        failures.occurred(count -> "redis: " + what + " failed: " + e.getMessage() + " (" + count + " such failure(s)"
                + " since the last line; the next refresh catches up). At most one such line a minute");
    }
}
