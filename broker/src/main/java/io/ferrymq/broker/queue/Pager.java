package io.ferrymq.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one queue's durable messages between memory and the journal. When memory runs short, a message waiting on
 * the queue that the journal has leaves memory whole, keeping only its slot in its {@link Level}; one the queue cannot
 * let go of yet (not yet stored, or refused by a consumer) keeps its entry, and only its body is paged out if it is
 * stored. A message paged out whole is read back when it comes to the head of its level, with the paged-out ones
 * after it.
 *
 * <p>Paging out and in changes the queue's levels: the queue's thread alone does it. {@link #read} is also called by
 * consumers on their own threads (for a body paged out): the journal reader, read-ahead and all, is used under this
 * object's lock.
 */
final class Pager {
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
    /** Messages paged in at a time when the head of a level is paged out. */
    private static final int PAGE_IN_BATCH = 256;
    /**
     * Bytes of bodies one page-in reads at most (at least one message): 256 messages of 1 MiB read back at once ran
     * a broker at -Xmx256m out of heap.
     */
    private static final long PAGE_IN_BYTES = 4L << 20;

    private final Queue queue;
    private final QueueHost host;
    private final QueueStatistics statistics;
    /** Made at the first read; guarded by this object's lock. */
    private LongFunction<ByteBuf> reader;

    Pager(Queue queue, QueueHost host, QueueStatistics statistics) {
        this.queue = queue;
        this.host = host;
        this.statistics = statistics;
    }

    /**
     * Pages out the messages of {@code level}, newest first, until {@code target} bytes are freed, looking at no more
     * than {@code scanLimit} of the messages in memory; {@code whole} when the queue is durable (only then may a
     * message leave memory whole). Returns the bytes freed, for the caller to give back to the memory account.
     */
    long pageOut(Level level, long target, int scanLimit, boolean whole) {
        long freed = 0;
        int visited = 0;
        // Paged-out slots are passed over, not counted: the entries still in memory may be far from the
        // newest (the oldest, held since before memory ran short), and a slot costs one array read.
        for (int i = level.size() - 1; i >= 0 && freed < target && visited < scanLimit; i--) {
            QueueEntry e = level.entry(i);
            if (e == null) {
                continue;
            }
            visited++;
            Message m = e.message;
            if (whole && m.durable() && m.stored() && !e.excludesAny()) {
                level.pageOut(i);
                freed += MemoryAccount.PER_MESSAGE - MemoryAccount.PER_PAGED_MESSAGE;
                freed += m.release() == 0 ? m.dropBody() : m.pageOut();
            } else {
                freed += m.pageOut();
            }
        }
        return freed;
    }

    /**
     * Reads the paged-out message at the head of {@code level} back from the journal, with the paged-out messages
     * after it (up to {@link #PAGE_IN_BATCH}, or only the head while memory is full). A message that cannot be read
     * leaves the queue; returns how many did, for the caller's count of ready messages.
     */
    int pageIn(Level level) {
        int n = 0;
        int dropped = 0;
        long bytesIn = 0;
        // With memory full, only the head is read back: enough to go on, no more.
        int batch = host.memory().full() ? 1 : PAGE_IN_BATCH;
        for (int i = 0; i < level.size() && n < batch && bytesIn < PAGE_IN_BYTES; i++) {
            if (level.entry(i) != null) {
                continue;
            }
            long messageId = level.id(i);
            int size = level.messageSize(i);
            Message m;
            try {
                m = readBack(messageId);
            } catch (RuntimeException ex) {
                // Unreadable (a damaged record, the disk): the message cannot be delivered; it leaves the queue
                // and its record stays on disk for inspection.
                LOG.error(
                        "queue {}: message {} cannot be read back from the journal; it is dropped from the "
                                + "queue: {}",
                        queue.name(),
                        messageId,
                        ex.toString());
                level.removeAt(i--);
                dropped++;
                statistics.left(1, size);
                host.memory().release(MemoryAccount.PER_PAGED_MESSAGE);
                continue;
            }
            m.retain();
            host.memory().add(MemoryAccount.PER_MESSAGE - MemoryAccount.PER_PAGED_MESSAGE + m.heapSize());
            level.pageIn(i, new QueueEntry(queue, m, level.sequence(i), level.deliveryCount(i)));
            n++;
            bytesIn += size;
        }
        return dropped;
    }

    /**
     * A durable message read back from the journal, its bytes in memory, not yet counted anywhere.
     *
     * @throws RuntimeException when the journal cannot give it back (gone, damaged, unreadable)
     */
    Message readBack(long messageId) {
        return host.restore(messageId, read(messageId), queue.settings().address());
    }

    /** The bytes of message {@code messageId}, read from the journal; from any thread. */
    byte[] read(long messageId) {
        ByteBuf b;
        synchronized (this) {
            if (reader == null) {
                reader = host.newReader();
            }
            b = reader.apply(messageId);
        }
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
