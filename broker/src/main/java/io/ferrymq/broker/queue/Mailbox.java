package io.ferrymq.broker.queue;

import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands work to an owner thread in batches: any thread posts, the owner runs everything posted
 * in one task. One wake-up serves many posts, and the owner never shares its state. A task that
 * throws is logged and does not stop the tasks after it.
 */
public final class Mailbox {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private static final int BATCH = 4096;

    private final Executor owner;
    private final Queue<Runnable> tasks = new MpscUnboundedArrayQueue<>(1024);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    public Mailbox(Executor owner) {
        this.owner = owner;
    }

    public void post(Runnable task) {
        tasks.offer(task);
        if (scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            owner.execute(drain);
        } catch (RejectedExecutionException e) {
            // The owner is shutting down: run what is left here rather than lose it.
            scheduled.set(false);
            drain();
        }
    }

    private void drain() {
        int ran = 0;
        Runnable r;
        while (ran < BATCH && (r = tasks.poll()) != null) {
            ran++;
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a queue task failed", e);
            }
        }
        if (ran == BATCH && !tasks.isEmpty()) {
            // Still busy: yield to the owner thread's other work, then carry on.
            schedule();
            return;
        }
        scheduled.set(false);
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }
}
