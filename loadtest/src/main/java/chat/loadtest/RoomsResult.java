package chat.loadtest;

import java.util.List;

/**
 * What an environment-driven run measured. Deliveries count this process's own TALKs reaching its
 * own members; {@code receivedForeign} counts TALKs of other processes in shared rooms.
 */
record RoomsResult(String clientId, int connections, int rooms, long connected, long connectFailures, long joined,
                   double connectSeconds, double connectsPerSec, LatencyRecorder.Summary handshakeMs, long sent,
                   long sendFailures, long expectedDeliveries, long received, long receivedForeign, long missing,
                   long duplicates, long orderViolations, long errors, long disconnected, double deliveriesPerSec,
                   LatencyRecorder.Summary latencyMs, List<Tally.RoomLoss> roomsWithProblems, String firstFailure) {

    boolean succeeded() {
        return connectFailures == 0 && joined == connections && missing == 0 && duplicates == 0
                && orderViolations == 0 && errors == 0 && disconnected == 0 && sendFailures == 0;
    }

    String describe() {
        return String.format("""
                load-tester %s: %s
                  connections %,d of %,d (%,d failed), %,d joined, in %.1f s (%.0f/s), handshake %s
                  TALKs sent %,d (%,d not sent), deliveries %,d of %,d expected: %,d missing, %,d duplicate,
                    %,d out of order; %,d from other processes
                  latency from planned send time (after warm-up): %s
                  errors %,d, unexpected disconnects %,d%s%s""",
                clientId, succeeded() ? "OK" : "FAILED", connected, connections, connectFailures, joined, connectSeconds,
                connectsPerSec, handshakeMs, sent, sendFailures, received, expectedDeliveries, missing, duplicates,
                orderViolations, receivedForeign, latencyMs, errors, disconnected,
                roomsWithProblems.isEmpty() ? "" : "\n  rooms with problems: " + roomsWithProblems,
                firstFailure == null ? "" : "\n  first failure: " + firstFailure);
    }
}
