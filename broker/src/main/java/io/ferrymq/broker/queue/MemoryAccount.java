package io.ferrymq.broker.queue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of messages the broker holds in memory, against a limit: the bodies, and for each message
 * on each queue what holding it costs besides its body ({@link #PER_MESSAGE}), which paging cannot
 * free. Above the low mark, durable bodies are paged out; at the limit producers are held back;
 * below the low mark, held-back producers are told to resume. So a backlog of many small messages
 * holds producers back before it can exhaust the heap.
 *
 * <p>Holding credit back bounds what producers send next, not what the credit they already hold lets them send: a
 * quarter of the limit beyond it ({@link #hardLimit()}) is room for that, and a message that would pass it is not
 * taken ({@link #admits}).
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

    /**
     * G1's region size, or 0 under another collector. G1 gives an array of half a region or more regions of its own
     * (a humongous object), so such a body takes its size rounded up to whole regions: a 1 MiB message in a 256 MiB
     * heap (1 MiB regions) takes 2 MiB. Counted as its bytes, a broker at that heap held twice what it counted and ran
     * out of heap below its limit.
     */
    private static final long REGION = g1RegionSize();

    private final long limit;
    private final long lowMark;
    private final long hardLimit;
    private final AtomicLong used = new AtomicLong();
    /** Of {@link #used}, what queues and links take (not messages). */
    private final AtomicLong structures = new AtomicLong();

    private final AtomicLong peak = new AtomicLong();
    private final CopyOnWriteArrayList<Runnable> waiters = new CopyOnWriteArrayList<>();

    public MemoryAccount(long limit) {
        this.limit = limit;
        this.lowMark = limit * 8 / 10;
        this.hardLimit = limit + limit / 4;
    }

    /** Heap that a message body of {@code bytes} takes: its size, or whole G1 regions for a humongous one. */
    public static long heapCost(long bytes) {
        long array = (bytes + 16 + 7) & ~7L; // the array's header and alignment
        if (REGION > 0 && array >= REGION / 2) {
            return (array + REGION - 1) / REGION * REGION;
        }
        return bytes;
    }

    private static long g1RegionSize() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (diagnostics != null
                    && "true".equals(diagnostics.getVMOption("UseG1GC").getValue())) {
                return Long.parseLong(
                        diagnostics.getVMOption("G1HeapRegionSize").getValue());
            }
        } catch (RuntimeException e) {
            // not HotSpot, or the option is unknown: count bodies as their bytes
        }
        return 0;
    }

    public long limit() {
        return limit;
    }

    /** The most held at once: past the limit, only messages sent on credit granted before it was reached. */
    public long hardLimit() {
        return hardLimit;
    }

    public long used() {
        return used.get();
    }

    /** The most bytes held at any one time since the broker started. */
    public long peak() {
        return peak.get();
    }

    public void add(long bytes) {
        long now = used.addAndGet(bytes);
        if (now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /**
     * True when a message of {@code bytes} may be taken in: holding it keeps usage within {@link #hardLimit()}, or
     * nothing is held (a message larger than the hard limit is taken alone).
     */
    public boolean admits(long bytes) {
        long now = used.get();
        return now == 0 || now + heapCost(bytes) <= hardLimit;
    }

    /**
     * Counts heap a queue or link takes ({@code bytes}, negative to give it back): part of {@link #used()}, so that
     * thousands of them hold producers back as messages would, but not of {@link #messageBytes()}.
     */
    public void addStructure(long bytes) {
        structures.addAndGet(bytes);
        if (bytes >= 0) {
            add(bytes);
        } else {
            release(-bytes);
        }
    }

    /** What messages take of {@link #used()}: all of it but queues and links. */
    public long messageBytes() {
        return used.get() - structures.get();
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
