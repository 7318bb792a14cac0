package chat.runner.attack;

/**
 * How a connection ended, as its client saw it, or that it had not ended when the client stopped
 * waiting.
 *
 * @param code   the close frame's status code (CLOSE_FRAME only)
 * @param reason the close frame's reason (CLOSE_FRAME only)
 * @param detail what else the client saw: frames it skipped, the exception it got
 */
record Ending(Kind kind, int code, String reason, String detail) {
    enum Kind {
        /** the server sent a close frame */
        CLOSE_FRAME,
        /** the stream ended without a close frame */
        EOF,
        /** the connection was reset (or failed in another way) */
        RESET,
        /** nothing ended the connection within the wait */
        STILL_OPEN
    }

    static Ending closeFrame(int code, String reason, String detail) {
        return new Ending(Kind.CLOSE_FRAME, code, reason, detail);
    }

    static Ending of(Kind kind, String detail) {
        return new Ending(kind, 0, "", detail);
    }

    /** True unless the connection was still open. */
    boolean ended() {
        return kind != Kind.STILL_OPEN;
    }

    boolean isCloseFrame(int expectedCode) {
        return kind == Kind.CLOSE_FRAME && code == expectedCode;
    }

    @Override
    public String toString() {
        String what = kind == Kind.CLOSE_FRAME ? "close frame " + code + " '" + reason + "'" : kind.name();
        return detail.isEmpty() ? what : what + " (" + detail + ")";
    }
}
