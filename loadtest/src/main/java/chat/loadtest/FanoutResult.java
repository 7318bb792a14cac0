package chat.loadtest;

/**
 * The figures of one fanout run; serialised field by field as the run's JSON line.
 *
 * @param members            members asked for
 * @param connected          members whose handshake succeeded
 * @param connectFailures    members that could not connect
 * @param joined             members whose own ENTER came back
 * @param joinFailures       connected members whose ENTER never came back
 * @param joinMs             from the first handshake until the last member had its ENTER echo
 * @param enterStormMs       from the first handshake until every member had seen every later ENTER
 * @param handshakeMs        WebSocket handshake times
 * @param sent               TALKs the sender sent
 * @param sendFailures       TALKs that could not be sent
 * @param expectedDeliveries {@code sent x members}
 * @param received           TALKs received, summed over members
 * @param lost               {@code expectedDeliveries - received}
 * @param orderViolations    TALKs a member received after one with a higher (or the same) sequence number
 * @param errors             ERROR frames, unparsable frames and transport errors
 * @param unexpectedCloses   connections closed before the run closed them
 * @param latencyMs          send to delivery, over every delivery
 * @param deliveriesPerSec   received TALKs per second, from the first send to the last delivery
 * @param roundTripMs        send to the sender's own echo
 */
record FanoutResult(int members, int connected, int connectFailures, int joined, int joinFailures, long joinMs,
                    long enterStormMs, LatencyRecorder.Summary handshakeMs, int sent, int sendFailures,
                    long expectedDeliveries, long received, long lost, long orderViolations, long errors,
                    int unexpectedCloses, LatencyRecorder.Summary latencyMs, double deliveriesPerSec,
                    LatencyRecorder.Summary roundTripMs) {

    /** True when every member joined and got every TALK, in order, with no error. */
    boolean succeeded() {
        return connectFailures == 0 && joinFailures == 0 && sendFailures == 0 && lost == 0
                && orderViolations == 0 && errors == 0 && unexpectedCloses == 0;
    }

    /** A few lines for people. */
    String describe() {
        return String.join(System.lineSeparator(),
                "fanout: " + (succeeded() ? "OK" : "FAILED"),
                "  members     " + connected + "/" + members + " connected, " + joined + " joined in " + joinMs
                        + " ms, ENTER storm over after " + enterStormMs + " ms",
                "  handshakes  " + handshakeMs,
                "  TALKs       " + sent + " sent (" + sendFailures + " failed), " + received + "/" + expectedDeliveries
                        + " delivered, " + lost + " lost, " + orderViolations + " out of order",
                "  latency     " + latencyMs,
                "  throughput  " + deliveriesPerSec + " deliveries/s",
                "  round trip  " + roundTripMs,
                "  problems    " + errors + " errors, " + unexpectedCloses + " unexpected closes");
    }
}
