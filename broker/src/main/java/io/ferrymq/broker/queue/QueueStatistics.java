package io.ferrymq.broker.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue's counts, read from any thread: by producers checking the queue's limits, by the broker's scans, and by
 * management and tests. Messages and bytes on the queue are counted when a message is routed here, on the producer's
 * thread (so that the next producer sees them at once), and given back on the queue's thread as messages leave; every
 * other count is written by the queue's thread alone.
 */
final class QueueStatistics {
    /** Messages and bytes on the queue (ready and being delivered), counted when routed here. */
    private final AtomicLong depth = new AtomicLong();

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile int consumers;
    /** Ready messages as of the queue thread's last dispatch. */
    private volatile int ready;

    /** A message of {@code size} bytes is on the queue: routed here, or recovered. */
    void added(long size) {
        depth.incrementAndGet();
        bytes.addAndGet(size);
        enqueued.incrementAndGet();
    }

    /** A message of {@code size} bytes that never was on the queue after all: it was not stored. */
    void withdrawn(long size) {
        depth.decrementAndGet();
        bytes.addAndGet(-size);
        enqueued.decrementAndGet();
    }

    /** {@code messages} messages of {@code size} bytes in all have left the queue. */
    void left(long messages, long size) {
        depth.addAndGet(-messages);
        bytes.addAndGet(-size);
    }

    void countAcknowledged() {
        acknowledged.incrementAndGet();
    }

    void countExpired() {
        expired.incrementAndGet();
    }

    void countDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void consumers(int count) {
        consumers = count;
    }

    void ready(int count) {
        ready = count;
    }

    long depth() {
        return depth.get();
    }

    long bytes() {
        return bytes.get();
    }

    int consumerCount() {
        return consumers;
    }

    int readyCount() {
        return ready;
    }

    long enqueuedCount() {
        return enqueued.get();
    }

    long acknowledgedCount() {
        return acknowledged.get();
    }

    long expiredCount() {
        return expired.get();
    }

    long deadLetteredCount() {
        return deadLettered.get();
    }
}
