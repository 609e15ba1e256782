package io.ferrymq.broker.queue;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of messages the broker holds in memory, against a limit: the bodies, and for each message
 * on each queue what holding it costs besides its body ({@link #PER_MESSAGE}), which paging cannot
 * free. Above the low mark, durable bodies are paged out; at the limit producers are held back;
 * below the low mark, held-back producers are told to resume. So a backlog of many small messages
 * holds producers back before it can exhaust the heap.
 */
public final class MemoryAccount {
    /**
     * Heap that one message on one queue takes besides its body: the message and its queue entry,
     * the queue's slot for it and the journal index's slot (about 170 bytes measured by
     * BrokerMemoryIT: heap used holding 1,000,000 durable messages, less their bodies).
     */
    public static final int PER_MESSAGE = 192;

    /**
     * Heap that a message paged out whole still takes on its queue: its slot in the queue's level (28 bytes in
     * arrays up to twice as long as the level) and in the journal's index (24 bytes in tables 35% to 70% full): 78
     * to 124 bytes. A broker at -Xmx256m filled with 1 KiB durable messages held 1.47 million of them in about 160
     * MiB of such arrays (109 bytes each) when 64 bytes a message was counted, and then spent its time collecting.
     */
    public static final int PER_PAGED_MESSAGE = 96;

    private final long limit;
    private final long lowMark;
    private final AtomicLong used = new AtomicLong();
    private final CopyOnWriteArrayList<Runnable> waiters = new CopyOnWriteArrayList<>();

    public MemoryAccount(long limit) {
        this.limit = limit;
        this.lowMark = limit * 8 / 10;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    public void add(long bytes) {
        used.addAndGet(bytes);
    }

    public void release(long bytes) {
        long now = used.addAndGet(-bytes);
        if (now < lowMark && !waiters.isEmpty()) {
            for (Runnable w : waiters) {
                waiters.remove(w);
                w.run();
            }
        }
    }

    /** True when more bytes would pass the limit. */
    public boolean full() {
        return used.get() >= limit;
    }

    /** True above the point where paging should start. */
    public boolean pressure() {
        return used.get() >= lowMark;
    }

    /** Bytes to free to get back under the low mark. */
    public long excess() {
        return Math.max(0, used.get() - lowMark);
    }

    /** Runs {@code wake} once, when usage falls below the low mark. */
    public void whenBelowLowMark(Runnable wake) {
        waiters.addIfAbsent(wake);
        if (used.get() < lowMark && waiters.remove(wake)) {
            wake.run();
        }
    }
}
