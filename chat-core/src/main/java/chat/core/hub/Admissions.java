package chat.core.hub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection bounds of one instance: {@code MAX_CONNECTIONS} in all, and per userId and per
 * remote address. A place is reserved before a connection is registered, so concurrent handshakes
 * cannot pass a bound; whatever {@link #reserve} took, {@link #release} gives back. Thread-safe.
 */
final class Admissions {
    private final int maxConnections;
    private final BoundedCounts perUser;
    private final BoundedCounts perAddress;
    private final AtomicInteger admitted = new AtomicInteger();

    Admissions(ChatLimits limits) {
        this.maxConnections = limits.maxConnections();
        this.perUser = new BoundedCounts(limits.maxConnectionsPerUser());
        this.perAddress = new BoundedCounts(limits.maxConnectionsPerAddress());
    }

    /**
     * Takes a place for a connection of {@code userId} from {@code remoteAddress} (null when
     * unknown): {@link Admission#ACCEPTED}, or the bound that refuses it, with nothing taken.
     */
    Admission reserve(String userId, String remoteAddress) {
        if (!reserveSlot()) {
            return Admission.SERVER_FULL;
        }
        if (remoteAddress != null && !perAddress.tryAcquire(remoteAddress)) {
            admitted.decrementAndGet();
            return Admission.TOO_MANY_FOR_ADDRESS;
        }
        if (!perUser.tryAcquire(userId)) {
            if (remoteAddress != null) {
                perAddress.release(remoteAddress);
            }
            admitted.decrementAndGet();
            return Admission.TOO_MANY_FOR_USER;
        }
        return Admission.ACCEPTED;
    }

    /** Gives back what an accepted connection held: its place, and its user's and address's counts. */
    void release(String userId, String remoteAddress) {
        perUser.release(userId);
        if (remoteAddress != null) {
            perAddress.release(remoteAddress);
        }
        admitted.decrementAndGet();
    }

    private boolean reserveSlot() {
        while (true) {
            int now = admitted.get();
            if (now >= maxConnections) {
                return false;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
