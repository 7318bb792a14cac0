package chat.endpoint;

/**
 * What the endpoint does with one session's inbound messages: a whole text message, a pong. The
 * endpoint registers these as the session's message handlers, so the container calls them for
 * every message it reads; a {@link Transports} that reads a socket's frames itself calls them
 * directly for the frames it takes.
 *
 * <p>Called for one session's messages one at a time, in the order they arrived; the last of them
 * may still be handled while the session closes. A transport that calls it directly closes the
 * session with 1011 when it throws.
 */
public interface SessionInput {
    /** One whole text message, decoded from valid UTF-8. */
    void text(String text);

    /** A pong arrived. */
    void pong();
}
