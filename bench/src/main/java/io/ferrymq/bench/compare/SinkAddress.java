package io.ferrymq.bench.compare;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One address of the sink: counts the messages producers have sent to it, and lets its consumers take that many
 * (competing, as on a queue). Nothing is stored: the consumers get ready-made messages of the same size, so the
 * client does the work of a real exchange while the server does almost none.
 */
final class SinkAddress {
    private final AtomicLong available = new AtomicLong();
    private final List<SinkOutgoing> consumers = new CopyOnWriteArrayList<>();

    /** A message arrived (any thread): a consumer may take one more. */
    void arrived() {
        available.incrementAndGet();
        for (SinkOutgoing c : consumers) {
            c.wake();
        }
    }

    /** Takes one message for a consumer, if any is left. */
    boolean claim() {
        for (long n = available.get(); n > 0; n = available.get()) {
            if (available.compareAndSet(n, n - 1)) {
                return true;
            }
        }
        return false;
    }

    void add(SinkOutgoing consumer) {
        consumers.add(consumer);
    }

    void remove(SinkOutgoing consumer) {
        consumers.remove(consumer);
    }
}
