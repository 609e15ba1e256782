package io.ferrymq.broker.queue;

import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import io.netty.util.internal.PlatformDependent;

/**
 * Hands work to an owner thread in batches: any thread posts, the owner runs everything posted
 * in one task. One wake-up serves many posts, and the owner never shares its state.
 */
public final class Mailbox {
    private final Executor owner;
    private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    public Mailbox(Executor owner) {
        this.owner = owner;
    }

    public void post(Runnable task) {
        tasks.offer(task);
        if (scheduled.compareAndSet(false, true)) {
            owner.execute(drain);
        }
    }

    private void drain() {
        for (int round = 0; round < 16; round++) {
            Runnable r;
            int n = 0;
            while ((r = tasks.poll()) != null && n++ < 4096) {
                r.run();
            }
            if (r != null) {
                continue;
            }
            scheduled.set(false);
            if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
        // Still busy after many rounds: yield to the other work of the owner thread.
        owner.execute(drain);
    }
}
