package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a broker's Redis commands on a bounded pool of threads with a bounded queue, so callers
 * never block. Each broker has two: one for room traffic (publishes, the TALK script, retention
 * refreshes) and one for history reads, each with its own threads and connections, so reads can
 * neither wait for nor delay publishing. A command that finds the queue full fails at once with
 * {@link BrokerUnavailableException}, and {@code whenFull} is told (the brokers report
 * {@code Limit.BROKER_QUEUE}). A command that waited in the queue longer than the timeout, or whose
 * precondition no longer holds when its turn comes, fails the same way without calling Redis:
 * nobody waits on a backlog of doomed commands.
 */
final class RedisCommands implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisCommands.class.getName());
    private final Supplier<UnifiedJedis> client;
    private final Duration timeout;
    private final int queueSize;
    private final String what;
    private final Runnable whenFull;
    private final ThreadPoolExecutor threads;

    /**
     * @param what     what the commands are, for the failure of one that found the queue full
     * @param client   the connection pool to run commands on (read when each command runs); as many
     *                 connections as threads
     * @param whenFull called each time a command is refused because the queue is full
     */
    RedisCommands(String what, String threadPrefix, int threadCount, int queueSize, Duration timeout,
                  Supplier<UnifiedJedis> client, Runnable whenFull) {
        this.what = what;
        this.whenFull = whenFull;
        this.client = client;
        this.timeout = timeout;
        this.queueSize = queueSize;
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueSize), named(threadPrefix));
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues a command.
     *
     * @param canRun checked before queueing and again before running; false fails the command with {@code whyNot}
     */
    <T> CompletionStage<T> submit(Function<UnifiedJedis, T> command, BooleanSupplier canRun, String whyNot) {
        if (!canRun.getAsBoolean()) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException(whyNot));
        }
        Task<T> task = new Task<>(command, canRun, whyNot);
        try {
            threads.execute(task);
        } catch (RejectedExecutionException full) {
            if (!threads.isShutdown()) {
                try {
                    whenFull.run();
                } catch (RuntimeException bug) {
                    LOG.log(System.Logger.Level.ERROR, "redis: reporting a full queue of " + what + " failed", bug);
                }
            }
            return CompletableFuture.failedFuture(new BrokerUnavailableException(threads.isShutdown()
                    ? "broker closed" : queueSize + " " + what + " are waiting for redis"));
        }
        return task.done;
    }

    /** Lets queued commands run for up to the timeout, then fails the rest. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                failUnrun(threads.shutdownNow());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failUnrun(threads.shutdownNow());
        }
    }

    private static void failUnrun(List<Runnable> unrun) {
        for (Runnable r : unrun) {
            if (r instanceof Task<?> task) {
                task.fail("broker closed");
            }
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final class Task<T> implements Runnable {
        final Function<UnifiedJedis, T> command;
        final BooleanSupplier canRun;
        final String whyNot;
        final long queuedNanos = System.nanoTime();
        final CompletableFuture<T> done = new CompletableFuture<>();

        Task(Function<UnifiedJedis, T> command, BooleanSupplier canRun, String whyNot) {
            this.command = command;
            this.canRun = canRun;
            this.whyNot = whyNot;
        }

        @Override
        public void run() {
            if (!canRun.getAsBoolean()) {
                fail(whyNot);
                return;
            }
            if (System.nanoTime() - queuedNanos > timeout.toNanos()) {
                fail("waited over " + timeout.toMillis() + " ms for a redis connection");
                return;
            }
            UnifiedJedis redis = client.get();
            if (redis == null) {
                fail("redis is not connected");
                return;
            }
            try {
                done.complete(command.apply(redis));
            } catch (RuntimeException e) {
                done.completeExceptionally(new BrokerUnavailableException("redis command failed: " + e.getMessage(), e));
            } catch (Throwable e) {
                // an Error too: the caller's stage must complete, or its command order stalls for good
                done.completeExceptionally(new BrokerUnavailableException("redis command failed: " + e, e));
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
        }

        void fail(String reason) {
            done.completeExceptionally(new BrokerUnavailableException(reason));
        }
    }
}
