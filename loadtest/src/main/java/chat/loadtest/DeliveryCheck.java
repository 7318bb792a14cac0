package chat.loadtest;

/**
 * One member's view of the sender's TALKs, whose message is {@code SEQ:SENT_NANOS}: counts them,
 * times them and checks that each one's sequence number is higher than the one before. Called on
 * the member's connection thread only.
 */
final class DeliveryCheck implements Member.TalkListener {
    private final String ownUserId;
    private final FanoutStats stats;
    private long lastSeq = -1;
    private volatile long received;

    DeliveryCheck(String ownUserId, FanoutStats stats) {
        this.ownUserId = ownUserId;
        this.stats = stats;
    }

    /** The TALK text for sequence number {@code seq}, sent at {@code nanoTime}. */
    static String message(long seq, long nanoTime) {
        return seq + ":" + nanoTime;
    }

    @Override
    public void onTalk(String fromUserId, String message, long roomSeq, long receivedNanos) {
        String sender = stats.senderId();
        int colon = message.indexOf(':');
        if (!sender.equals(fromUserId) || colon < 0) {
            return; // not this run's traffic
        }
        long seq;
        long sentNanos;
        try {
            seq = Long.parseLong(message, 0, colon, 10);
            sentNanos = Long.parseLong(message, colon + 1, message.length(), 10);
        } catch (NumberFormatException e) {
            return;
        }
        if (seq <= lastSeq) {
            stats.orderViolation();
        } else {
            lastSeq = seq;
        }
        received++;
        stats.delivered(receivedNanos - sentNanos, receivedNanos, sender.equals(ownUserId));
    }

    /** TALKs of the sender this member has received so far. */
    long received() {
        return received;
    }
}
