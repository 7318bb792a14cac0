package chat.redis;

/**
 * Work a broker runs on a schedule (heartbeats, retention refreshes, slot map reads). A
 * {@code ScheduledExecutorService} silently stops a periodic task at its first exception, and some
 * libraries throw {@code Error}s for bad data: so one failed run is logged and the schedule goes
 * on, and only a {@link VirtualMachineError} is let through.
 */
final class Periodic {
    private Periodic() {
    }

    /** {@code task}, whose failures are logged as failures of {@code what} (which names the broker) rather than thrown. */
    static Runnable guarded(System.Logger log, String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                log.log(System.Logger.Level.ERROR, what + " failed; trying again at its next run", failure);
            }
        };
    }
}
