package chat.loadtest;

/**
 * The figures of one connect run; serialised field by field as the run's JSON line.
 *
 * @param conns            connections asked for
 * @param rooms            rooms they were spread over
 * @param connected        connections whose handshake succeeded
 * @param connectFailures  connections that could not be opened
 * @param joined           connections whose ENTER came back
 * @param joinFailures     connected connections whose ENTER never came back
 * @param connectMs        time to open every connection
 * @param connectsPerSec   {@code connected / connectMs}
 * @param handshakeMs      WebSocket handshake times
 * @param holdS            seconds the connections were held open
 * @param closedDuringHold connections closed before the run closed them
 * @param closed           connections whose close the server answered at the end
 * @param errors           ERROR frames, unparsable frames and transport errors
 */
record ConnectResult(int conns, int rooms, int connected, int connectFailures, int joined, int joinFailures,
                     long connectMs, double connectsPerSec, LatencyRecorder.Summary handshakeMs, long holdS,
                     int closedDuringHold, int closed, long errors) {

    /** True when every connection opened, joined, stayed open and closed cleanly. */
    boolean succeeded() {
        return connectFailures == 0 && joinFailures == 0 && closedDuringHold == 0 && closed == connected
                && errors == 0;
    }

    /** A few lines for people. */
    String describe() {
        return String.join(System.lineSeparator(),
                "connect: " + (succeeded() ? "OK" : "FAILED"),
                "  connections " + connected + "/" + conns + " in " + connectMs + " ms (" + connectsPerSec + "/s), "
                        + joined + " joined " + rooms + " rooms",
                "  handshakes  " + handshakeMs,
                "  held        " + holdS + " s, " + closedDuringHold + " closed meanwhile, " + closed
                        + " closed cleanly at the end",
                "  problems    " + connectFailures + " connect failures, " + joinFailures + " join failures, "
                        + errors + " errors");
    }
}
