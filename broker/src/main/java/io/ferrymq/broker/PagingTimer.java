package io.ferrymq.broker;

import io.ferrymq.broker.address.AddressRegistry;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Queue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's paging timer: every 100 ms, while memory is above its low mark, it asks the durable queues, largest
 * first, to page out as much as memory is over; and it logs when memory fills (producers held back) and when it is
 * below the low mark again (they resume).
 *
 * <p>It runs on the one worker thread its schedule is on, which alone uses its state; the queues page on their own
 * threads.
 */
final class PagingTimer {
    private static final Logger LOG = LoggerFactory.getLogger(PagingTimer.class);
    /** How often the timer runs. */
    static final long PERIOD_MILLIS = 100;

    private static final int PAGE_SCAN_LIMIT = 20_000;

    private final MemoryAccount memory;
    private final AddressRegistry registry;
    /** Whether the current spell of memory pressure has had its scan of every entry. */
    private volatile boolean wholeScanDone;
    /** Whether memory was full at the last look. */
    private boolean memoryWasFull;

    PagingTimer(MemoryAccount memory, AddressRegistry registry) {
        this.memory = memory;
        this.registry = registry;
    }

    /**
     * Above the low mark, pages out durable bodies, from the largest queues first. The first scan after memory runs
     * short looks at every entry (the bodies held from before); later ones at the newest {@link #PAGE_SCAN_LIMIT} of
     * each queue, since new durable bodies are paged out as they are stored while memory is short.
     */
    void pageIfNeeded() {
        noteMemoryState();
        long excess = memory.excess();
        if (excess <= 0) {
            wholeScanDone = false;
            return;
        }
        int scanLimit = wholeScanDone ? PAGE_SCAN_LIMIT : Integer.MAX_VALUE;
        wholeScanDone = true;
        List<Queue> byBytes = new ArrayList<>(registry.queues());
        byBytes.sort(Comparator.comparingLong(Queue::bytes).reversed());
        for (Queue q : byBytes) {
            if (excess <= 0) {
                break;
            }
            if (q.settings().durable()) {
                q.pageOut(excess, scanLimit);
                excess -= q.bytes();
            }
        }
    }

    /** Logs when memory fills (producers held back) and when it is below the low mark again (they resume). */
    private void noteMemoryState() {
        if (!memoryWasFull && memory.full()) {
            memoryWasFull = true;
            LOG.warn(
                    "memory full: {} MiB of messages held, the limit is {} MiB; producers get no credit until it is "
                            + "below {} MiB (durable messages are paged out to the journal meanwhile)",
                    memory.used() >> 20,
                    memory.limit() >> 20,
                    (memory.limit() * 8 / 10) >> 20);
        } else if (memoryWasFull && !memory.pressure()) {
            memoryWasFull = false;
            LOG.info("memory below the low mark again ({} MiB held): producers resume", memory.used() >> 20);
        }
    }
}
