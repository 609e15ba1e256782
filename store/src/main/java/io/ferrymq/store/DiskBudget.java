package io.ferrymq.store;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes the journal's files take on disk, against {@link StoreOptions#maxDiskBytes()}. */
final class DiskBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    DiskBudget(long max) {
        this.max = max;
    }

    /** Reserves {@code bytes} unless that would pass the limit. */
    boolean tryReserve(long bytes) {
        for (; ; ) {
            long u = used.get();
            if (u + bytes > max) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /** Counts bytes that must be taken whatever the limit (recovered files, compaction output that frees more). */
    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long max() {
        return max;
    }
}
