package chat.core.hooks;

import java.util.Objects;

/** What a {@link TalkFilter} decided about a TALK. */
public sealed interface TalkVerdict {
    /** Send it as it is. */
    TalkVerdict ACCEPT = new Accept();

    static TalkVerdict replace(String message) {
        return new Replace(message);
    }

    static TalkVerdict reject(String reason) {
        return new Reject(reason);
    }

    /** The TALK goes on unchanged. */
    record Accept() implements TalkVerdict {
    }

    /** The TALK goes on with {@code message} instead of its text (a redacted word, say). */
    record Replace(String message) implements TalkVerdict {
        public Replace {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The TALK is dropped; its sender gets {@code ERROR REJECTED} with {@code reason}. */
    record Reject(String reason) implements TalkVerdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
