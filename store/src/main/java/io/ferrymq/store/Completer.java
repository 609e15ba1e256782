package io.ferrymq.store;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes append futures on a thread of its own, in append order. The writer hands over each durable batch and goes
 * straight back to writing the next, so waking many waiting producers never delays a force, and a caller's
 * dependent action runs here, never on the writer. The queue is bounded by the writer's pending-append limit.
 */
final class Completer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Completer.class);
    private static final List<Record> STOP = List.of();

    private final LinkedBlockingQueue<List<Record>> batches = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "ferry-store-completer");

    Completer() {
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void complete(List<Record> batch) {
        batches.add(batch);
    }

    private void run() {
        for (;;) {
            List<Record> batch;
            try {
                batch = batches.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == STOP) {
                return;
            }
            for (Record r : batch) {
                completeOne(r);
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

    /** Completes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        batches.add(STOP);
        thread.join();
    }
}
