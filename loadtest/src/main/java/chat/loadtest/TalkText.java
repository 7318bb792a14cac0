package chat.loadtest;

/**
 * The text of a load-test TALK: {@code CLIENT_ID|id|plannedNanos}. The client id tells a process
 * its own TALKs from other processes' in shared rooms; the id indexes the TALK in its
 * {@link Tally}; the planned send time ({@link System#nanoTime()}, only meaningful in the sending
 * process) is what latency is measured from.
 */
record TalkText(String clientId, int id, long plannedNanos) {

    String format() {
        return clientId + "|" + id + "|" + plannedNanos;
    }

    /** The TALK if {@code text} is one of {@code clientId}'s, else null. */
    static TalkText parseOwn(String text, String clientId) {
        int first = text.indexOf('|');
        int second = first < 0 ? -1 : text.indexOf('|', first + 1);
        if (second < 0 || first != clientId.length() || !text.startsWith(clientId)) {
            return null;
        }
        try {
            return new TalkText(clientId, Integer.parseInt(text, first + 1, second, 10),
                    Long.parseLong(text, second + 1, text.length(), 10));
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }
}
