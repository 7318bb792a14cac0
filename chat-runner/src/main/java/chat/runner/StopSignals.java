package chat.runner;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a call, so the server can shut down gracefully and then exit with
 * code 0 (a JVM that a signal ends through its shutdown hooks exits with 143 or 130 instead).
 */
final class StopSignals {
    private StopSignals() {
    }

    static void onStop(Runnable action) {
        Signal.handle(new Signal("TERM"), signal -> action.run());
        Signal.handle(new Signal("INT"), signal -> action.run());
    }
}
