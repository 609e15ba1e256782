package io.ferrymq.broker.queue;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of message bodies the broker holds in memory, against a limit. Above the limit, durable
 * bodies are paged out and producers are held back; below its low mark, held-back producers are
 * told to resume.
 */
public final class MemoryAccount {
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
