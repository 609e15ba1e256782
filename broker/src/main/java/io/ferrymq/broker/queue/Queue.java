package io.ferrymq.broker.queue;

import io.ferrymq.store.StoreException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue: messages in order of priority (9 first) and then arrival, given to competing consumers round-robin as they
 * have credit. Messages handed out stay the queue's until the consumer settles them: accepted ones leave, released and
 * modified ones come back in their original order, rejected ones (and those past max-deliveries) go to the dead-letter
 * address.
 *
 * <p>One thread owns it (its {@link Mailbox}'s): every change is posted there, and its parts are that thread's alone:
 * the ready messages ({@link ReadyMessages}) and their paging ({@link Pager}), the consumers ({@link Dispatcher}) and
 * the browsers ({@link Browsers}), and here the messages being delivered, their settlement and the queue's deletion.
 * Its counts ({@link QueueStatistics}) are read from any thread; {@link #reserve} runs on the producer's and
 * {@link #bodyOf} on the consumer's.
 */
public final class Queue {
    private static final Logger LOG = LoggerFactory.getLogger(Queue.class);

    private final QueueHost host;
    private final long id;
    private volatile QueueSettings settings;
    private final Mailbox mailbox;

    /** Entries handed to consumers and not yet settled. */
    private final Set<QueueEntry> delivering = Collections.newSetFromMap(new IdentityHashMap<>());

    private boolean deleted;

    private final QueueStatistics statistics = new QueueStatistics();
    private final Pager pager;
    private final ReadyMessages ready;
    private final Browsers browsers;
    private final Dispatcher dispatcher;

    public Queue(QueueHost host, long id, QueueSettings settings, Executor owner) {
        this.host = host;
        this.id = id;
        this.settings = settings;
        this.mailbox = new Mailbox(owner);
        this.pager = new Pager(this, host, statistics);
        this.ready = new ReadyMessages(this, pager);
        this.browsers = new Browsers(this, pager);
        this.dispatcher = new Dispatcher(this, ready, browsers);
    }

    public long id() {
        return id;
    }

    public String name() {
        return settings.name();
    }

    public QueueSettings settings() {
        return settings;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** Messages on the queue (ready and being delivered). */
    public long depth() {
        return statistics.depth();
    }

    public long bytes() {
        return statistics.bytes();
    }

    public int consumerCount() {
        return statistics.consumerCount();
    }

    /** Messages on the queue and ready to be delivered (as of the queue thread's last dispatch). */
    public int readyCount() {
        return statistics.readyCount();
    }

    public long enqueuedCount() {
        return statistics.enqueuedCount();
    }

    public long acknowledgedCount() {
        return statistics.acknowledgedCount();
    }

    public long expiredCount() {
        return statistics.expiredCount();
    }

    public long deadLetteredCount() {
        return statistics.deadLetteredCount();
    }

    /** True when {@code messages} more, of {@code size} bytes in all, fit within the queue's limits. */
    public boolean hasRoomFor(long messages, long size) {
        QueueSettings s = settings;
        return (s.maxMessages() < 0 || statistics.depth() + messages <= s.maxMessages())
                && (s.maxBytes() < 0 || statistics.bytes() + size <= s.maxBytes());
    }

    /** True when one more message of {@code size} bytes would pass the queue's limits. */
    public boolean full(long size) {
        QueueSettings s = settings;
        return (s.maxMessages() >= 0 && statistics.depth() >= s.maxMessages())
                || (s.maxBytes() >= 0 && statistics.bytes() + size > s.maxBytes());
    }

    // ------------------------------------------------------------------ from any thread

    /**
     * Puts a message on the queue. The caller has counted it ({@link #reserve}) and retained the
     * message for this queue.
     */
    public void enqueue(Message message) {
        mailbox.post(() -> add(message, 0));
    }

    /** Counts a message about to be enqueued, so limits apply at once. */
    public void reserve(Message message) {
        message.retain();
        host.memory().add(MemoryAccount.PER_MESSAGE);
        statistics.added(message.size());
    }

    public void addConsumer(QueueConsumer consumer, boolean selective) {
        mailbox.post(() -> {
            if (deleted) {
                consumer.queueGone();
                return;
            }
            if (consumer.browser()) {
                browsers.add(consumer, ready);
            } else {
                dispatcher.add(consumer, selective);
            }
            statistics.consumers(dispatcher.size() + browsers.size());
            dispatch();
        });
    }

    /**
     * Takes a consumer away; the entries it still had come back (in order), counted as failed
     * deliveries when {@code failed} (it got them and did not settle them).
     */
    public void removeConsumer(QueueConsumer consumer, Collection<QueueEntry> unsettled, boolean failed) {
        mailbox.post(() -> {
            dispatcher.remove(consumer);
            browsers.remove(consumer);
            statistics.consumers(dispatcher.size() + browsers.size());
            for (QueueEntry e : unsettled) {
                if (e.state == QueueEntry.DELIVERING && e.owner == consumer) {
                    requeue(e, failed);
                }
            }
            if (settings.autoDelete() && dispatcher.isEmpty() && browsers.isEmpty() && !deleted) {
                delete();
            } else {
                dispatch();
            }
        });
    }

    /** A consumer has credit again. */
    public void creditAvailable() {
        mailbox.post(this::dispatch);
    }

    /** Dispatches what it can, then runs {@code then} on the queue's thread (to answer a drain). */
    public void dispatchThen(Runnable then) {
        mailbox.post(() -> {
            dispatch();
            then.run();
        });
    }

    /** The consumer accepted the message: it leaves the queue. */
    public void acknowledge(QueueEntry e) {
        mailbox.post(() -> {
            if (e.state == QueueEntry.DELIVERING) {
                delivering.remove(e);
                remove(e);
                statistics.countAcknowledged();
            }
        });
    }

    /** The consumer gave the message back ({@code released}, or {@code modified}). */
    public void release(QueueEntry e, QueueConsumer consumer, boolean deliveryFailed, boolean undeliverableHere) {
        mailbox.post(() -> {
            if (e.state != QueueEntry.DELIVERING) {
                return;
            }
            if (undeliverableHere) {
                e.exclude(consumer);
            }
            requeue(e, deliveryFailed);
            dispatch();
        });
    }

    /** The consumer rejected the message: it goes to the dead-letter address. */
    public void reject(QueueEntry e, String reason) {
        mailbox.post(() -> {
            if (e.state != QueueEntry.DELIVERING) {
                return;
            }
            delivering.remove(e);
            deadLetter(e, reason);
        });
    }

    /**
     * Takes a message back off the queue because it could not be stored after all: if it is
     * still waiting, it leaves without a trace; if a consumer has it, it stays (at-least-once).
     */
    public void withdraw(Message message) {
        mailbox.post(() -> {
            if (ready.withdraw(message)) {
                statistics.withdrawn(message.size());
                letGo(message);
            }
        });
    }

    /** When the queue was last seen unused by the broker's auto-delete scan (0: in use when last seen). */
    private volatile long unusedSince;

    public long unusedSince() {
        return unusedSince;
    }

    public void unusedSince(long millis) {
        unusedSince = millis;
    }

    /**
     * Deletes the queue if it is still unused when its thread gets to it: no consumers or browsers, nothing on it
     * (waiting, being delivered or reserved by a publish under way). Runs {@code deleted} on the queue's thread once it
     * is gone.
     */
    public void deleteIfUnused(Runnable deletedThen) {
        mailbox.post(() -> {
            if (!deleted
                    && dispatcher.isEmpty()
                    && browsers.isEmpty()
                    && statistics.depth() == 0
                    && delivering.isEmpty()) {
                delete();
                deletedThen.run();
            }
        });
    }

    /** Deletes the queue and everything on it. */
    public void deleteQueue() {
        mailbox.post(() -> {
            if (!deleted) {
                delete();
            }
        });
    }

    /**
     * Frees up to {@code target} bytes by paging out durable messages, newest first, lowest priority first, looking
     * at no more than {@code scanLimit} of each level's messages in memory (under lasting pressure most of those are
     * bodies paged out already, and the scan runs every 100 ms; the broker scans whole queues once, when memory first
     * runs short). What leaves memory whole and what only its body: {@link Pager}.
     */
    public void pageOut(long target, int scanLimit) {
        mailbox.post(() -> {
            long freed = ready.pageOut(target, scanLimit, settings.durable());
            if (freed > 0) {
                host.memory().release(freed);
            }
        });
    }

    /** Expires every message whose time has come, wherever it is on the queue. */
    public void expireScan(long now) {
        mailbox.post(() -> ready.expire(now, this::expire));
    }

    // ------------------------------------------------------------------ on the owner thread

    /** Adds a message directly: for recovery (before the queue is in use) and from the mailbox. */
    public void add(Message message, int deliveryCount) {
        if (deleted) {
            letGo(message);
            statistics.left(1, message.size());
            return;
        }
        ready.add(message, deliveryCount);
        dispatch();
    }

    /** Adds a recovered message (owner thread, before use). */
    public void recover(Message message, int deliveryCount) {
        reserve(message);
        add(message, deliveryCount);
    }

    /**
     * Adds a recovered message that stays in the journal, not in memory: the backlog is larger than memory allows
     * (owner thread, before use). It is read back when it comes near the head of the queue.
     */
    public void recoverPaged(long messageId, int priority, int size, int deliveryCount) {
        host.memory().add(MemoryAccount.PER_PAGED_MESSAGE);
        statistics.added(size);
        ready.addPaged(messageId, priority, size, deliveryCount);
    }

    private void dispatch() {
        try {
            if (!deleted) {
                dispatcher.dispatch();
            }
        } finally {
            statistics.ready(ready.count());
        }
    }

    /** Hands {@code e}, taken off the ready messages, to consumer {@code c}: it is the queue's until settled. */
    void give(QueueEntry e, QueueConsumer c) {
        e.state = QueueEntry.DELIVERING;
        e.owner = c;
        delivering.add(e);
        c.deliver(e);
    }

    /**
     * The bytes of {@code entry}'s message: from memory, or read back from the store when paged
     * out. Called by consumers on their own threads.
     */
    public byte[] bodyOf(QueueEntry entry) {
        byte[] body = entry.message.body();
        return body != null ? body : pager.read(entry.message.id());
    }

    private void requeue(QueueEntry e, boolean failed) {
        delivering.remove(e);
        e.state = QueueEntry.READY;
        e.owner = null;
        if (failed) {
            e.deliveryCount++;
            if (e.deliveryCount >= settings.maxDeliveries()) {
                deadLetter(
                        e,
                        "delivery failed " + e.deliveryCount + " times (max-deliveries " + settings.maxDeliveries()
                                + ")");
                return;
            }
            if (persistent(e)) {
                host.store().updateDeliveryCountLazily(id, e.message.id(), e.deliveryCount);
            }
        }
        ready.putBack(e);
    }

    private boolean persistent(QueueEntry e) {
        return settings.durable() && e.message.durable() && !deleted;
    }

    /** The entry leaves the queue for good. */
    private void remove(QueueEntry e) {
        e.state = QueueEntry.DONE;
        e.owner = null;
        statistics.left(1, e.message.size());
        if (persistent(e)) {
            try {
                host.store().removeMessageLazily(id, e.message.id());
            } catch (StoreException ex) {
                LOG.warn(
                        "queue {}: cannot record the removal of message {}: {}", name(), e.message.id(), ex.toString());
            }
        }
        letGo(e.message);
    }

    /** This queue no longer holds {@code message}: its share of memory is freed, and its body once no queue holds it. */
    private void letGo(Message message) {
        long freed = MemoryAccount.PER_MESSAGE;
        if (message.release() == 0) {
            freed += message.dropBody();
        }
        host.memory().release(freed);
    }

    private void deadLetter(QueueEntry e, String reason) {
        statistics.countDeadLettered();
        host.deadLetter(e, reason);
        remove(e);
    }

    /** {@code e}, taken off the ready messages, has expired: it leaves the queue, for its expiry address. */
    void expire(QueueEntry e) {
        statistics.countExpired();
        host.expired(e);
        remove(e);
    }

    private void delete() {
        List<QueueEntry> all = ready.inMemory();
        all.addAll(delivering);
        delivering.clear();
        ReadyMessages.PagedOut paged = ready.pagedOut();
        int pagedCount = paged.ids().length;
        long[] durableIds = new long[all.size() + pagedCount];
        int n = 0;
        for (QueueEntry e : all) {
            if (persistent(e)) {
                durableIds[n++] = e.message.id();
            }
        }
        System.arraycopy(paged.ids(), 0, durableIds, n, pagedCount);
        n += pagedCount;
        deleted = true;
        for (QueueEntry e : all) {
            if (e.state != QueueEntry.DONE) {
                remove(e);
            }
        }
        statistics.left(pagedCount, paged.bytes());
        host.memory().release((long) pagedCount * MemoryAccount.PER_PAGED_MESSAGE);
        ready.clear();
        dispatcher.clear();
        browsers.clear();
        statistics.consumers(0);
        host.queueDeleted(this, Arrays.copyOf(durableIds, n));
    }

    public boolean deleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return "Queue{" + settings.name() + ", depth=" + statistics.depth() + ", consumers="
                + statistics.consumerCount() + "}";
    }
}
