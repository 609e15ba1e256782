package io.ferrymq.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the store's threads (writer, syncer, completer, allocator, compactor): a named thread that runs its
 * {@link Work} one round at a time until the work says it is done. Whatever escapes a round, an {@link Error} or an
 * interruption included, ends the thread the same way for all of them: the store is marked failed
 * ({@link StoreFailure}), and the work is told on its own thread to fail what it holds, so that nobody waits for ever
 * on an append, a force or a segment that will never come.
 *
 * <p>Each work has its own way to wait for more and to be told to stop (a condition, a monitor, a queue); its owner
 * signals the stop, then {@link #join}s, which waits a bounded time and says if the thread did not end.
 */
final class StoreThread {
    private static final Logger LOG = LoggerFactory.getLogger(StoreThread.class);

    /** What a store thread does. */
    interface Work {
        /** Does one round of work, waiting while there is none; false once stopped, which ends the thread. */
        boolean doWork() throws Exception;

        /**
         * Called on the thread after a round threw, the store marked failed: fails whatever the work holds (appends,
         * waiters) with {@code error} and wakes whoever waits on the work. Must not throw.
         */
        void fail(StoreIOException error);
    }

    /** How long a close waits for each thread: long enough to write and force every pending append. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final Thread thread;
    private final Work work;
    private final StoreFailure storeFailure;
    private volatile boolean started;

    StoreThread(String name, boolean daemon, Work work, StoreFailure storeFailure) {
        this.work = work;
        this.storeFailure = storeFailure;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(daemon);
    }

    void start() {
        started = true;
        thread.start();
    }

    String name() {
        return thread.getName();
    }

    /**
     * Waits up to {@code timeout} for the thread to end, its work told to stop already; at once if it never started
     * or has ended. Idempotent. False, the thread's stack logged, if it is still running: the caller must then not
     * release what the thread may still use.
     */
    boolean join(Duration timeout) throws InterruptedException {
        if (!started || Thread.currentThread() == thread) {
            return true;
        }
        // Thread.join's answer, not isAlive(): a thread is terminated a moment before it stops being alive, and
        // join returns at the first.
        if (thread.join(timeout)) {
            return true;
        }
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : thread.getStackTrace()) {
            stack.append("\n\tat ").append(e);
        }
        LOG.error(
                "store thread {} did not stop within {} ms; it is at:{}",
                thread.getName(),
                TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()),
                stack);
        return false;
    }

    private void run() {
        try {
            while (work.doWork()) {
                // one round at a time
            }
        } catch (Throwable t) {
            StoreIOException error = storeFailure.threadDied(thread.getName(), t);
            try {
                work.fail(error);
            } catch (Throwable again) {
                LOG.error("{} could not fail what it held", thread.getName(), again);
            }
        }
    }
}
