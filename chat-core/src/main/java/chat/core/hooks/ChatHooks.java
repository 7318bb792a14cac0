package chat.core.hooks;

import chat.core.access.RoomAccess;

import java.util.Objects;

/**
 * The decisions and observations a deployment or an embedding application plugs into the hub:
 * who may enter and read which room, what a TALK may say, and who is told what happened.
 *
 * <pre>{@code
 * ChatHooks.defaults().withRoomAccess(RoomAccess.byToken()).withTalkFilter(noShouting).withObserver(indexer);
 * }</pre>
 *
 * @param roomAccess who may ENTER a room or read its HISTORY
 * @param talkFilter what happens to a TALK before it is numbered
 * @param observer   told of ENTER, TALK, LEAVE and disconnects
 */
public record ChatHooks(RoomAccess roomAccess, TalkFilter talkFilter, ChatObserver observer) {
    public ChatHooks {
        Objects.requireNonNull(roomAccess, "roomAccess");
        Objects.requireNonNull(talkFilter, "talkFilter");
        Objects.requireNonNull(observer, "observer");
    }

    /** Any room for anyone, every TALK as sent, nobody told. */
    public static ChatHooks defaults() {
        return new ChatHooks(RoomAccess.open(), TalkFilter.NONE, ChatObserver.NONE);
    }

    public ChatHooks withRoomAccess(RoomAccess access) {
        return new ChatHooks(access, talkFilter, observer);
    }

    public ChatHooks withTalkFilter(TalkFilter filter) {
        return new ChatHooks(roomAccess, filter, observer);
    }

    public ChatHooks withObserver(ChatObserver newObserver) {
        return new ChatHooks(roomAccess, talkFilter, newObserver);
    }
}
