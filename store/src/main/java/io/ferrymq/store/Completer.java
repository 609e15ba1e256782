package io.ferrymq.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes append futures on a thread of its own, in append order. The writer hands over each durable batch and goes
 * straight back to writing the next, so waking many waiting producers never delays a force. A small batch handed
 * over while nothing is queued here is completed at once on the thread that forced it ({@link #completeHere}): one
 * thread wake-up fewer per force, which for a few producers is most of what a durable append costs the CPU besides
 * the force. So a caller's dependent action may run on the writer or syncer thread: it must be short and must not
 * block (the broker's hands the outcome to a connection's event loop). The queue is bounded by the writer's
 * pending-append limit.
 */
final class Completer implements StoreThread.Work {
    private static final Logger LOG = LoggerFactory.getLogger(Completer.class);
    private static final List<Record> STOP = List.of();

    private final LinkedBlockingQueue<List<Record>> batches = new LinkedBlockingQueue<>();
    private final StoreThread thread;
    /** Batches handed over and not yet completed. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Set when this thread died: whoever hands a batch over completes it. */
    private volatile boolean dead;

    Completer(StoreFailure storeFailure) {
        this.thread = new StoreThread("ferry-store-completer", true, this, storeFailure);
    }

    void start() {
        thread.start();
    }

    void complete(List<Record> batch) {
        outstanding.incrementAndGet();
        batches.add(batch);
        if (dead) {
            completeQueued();
        }
    }

    /**
     * Completes {@code batch} on the calling thread if no earlier batch is still waiting to be completed (so the order
     * of completions stays the order of appends); false, doing nothing, otherwise. Only the thread reporting forces
     * calls it, one force at a time.
     */
    boolean completeHere(List<Record> batch) {
        if (outstanding.get() != 0) {
            return false;
        }
        for (Record r : batch) {
            completeOne(r);
        }
        return true;
    }

    /** Completes the next batch handed over, waiting for one; false at the stop. */
    @Override
    public boolean doWork() throws InterruptedException {
        List<Record> batch = batches.take();
        if (batch == STOP) {
            return false;
        }
        for (Record r : batch) {
            completeOne(r);
        }
        outstanding.decrementAndGet();
        return true;
    }

    /**
     * This thread died. The records it had were durable or failed already: each is completed as it is, here and from
     * now on by whoever hands a batch over, since nobody else would.
     */
    @Override
    public void fail(StoreIOException error) {
        dead = true;
        completeQueued();
    }

    /** Completes every batch still queued; each is taken by one thread only. */
    private void completeQueued() {
        List<Record> batch;
        while ((batch = batches.poll()) != null) {
            if (batch != STOP) {
                for (Record r : batch) {
                    completeOne(r);
                }
                outstanding.decrementAndGet();
            }
        }
    }

    static void completeOne(Record r) {
        if (r.future == null) {
            if (r.failure != null) {
                LOG.debug("lazily appended {} was not stored: {}", r, r.failure.toString());
            }
            return;
        }
        try {
            if (r.failure == null) {
                r.future.complete(null);
            } else {
                r.future.completeExceptionally(r.failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("a dependent action of an append threw", e);
        }
    }

    /** Completes what is queued, then stops; false if the thread did not stop within {@code timeout}. */
    boolean close(Duration timeout) throws InterruptedException {
        batches.add(STOP);
        if (dead) {
            completeQueued();
        }
        return thread.join(timeout);
    }
}
