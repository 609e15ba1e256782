package io.ferrymq.broker.queue;

import io.ferrymq.store.MessageReader;
import io.ferrymq.store.StoreException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue: messages in order of priority (9 first) and then arrival, given to competing
 * consumers round-robin as they have credit. One thread owns it (its {@link Mailbox}'s); every
 * change goes through there. Messages handed out stay the queue's until the consumer settles
 * them: accepted ones leave, released and modified ones come back in their original order.
 */
public final class Queue {
    private static final Logger LOG = LoggerFactory.getLogger(Queue.class);
    private static final int PRIORITIES = 10;
    private static final int SELECTOR_SCAN_LIMIT = 10_000;
    /** Among ready messages: higher priority first, then older first. */
    static final Comparator<QueueEntry> ORDER = (a, b) -> a.message.priority() != b.message.priority()
            ? b.message.priority() - a.message.priority() : Long.compare(a.sequence, b.sequence);

    private final QueueHost host;
    private final long id;
    private volatile QueueSettings settings;
    private final Mailbox mailbox;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<QueueEntry>[] levels = new ArrayDeque[PRIORITIES];
    private final PriorityQueue<QueueEntry> returned = new PriorityQueue<>(ORDER);
    private int ready;
    private volatile int readyView;
    private int inFlight;
    /** Entries handed to consumers and not yet settled. */
    private final java.util.Set<QueueEntry> delivering = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private long nextSequence;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final List<Browse> browsers = new ArrayList<>();
    private int nextConsumer;
    private boolean anySelective;
    private boolean dispatching;
    private boolean deleted;
    private MessageReader reader;

    /** Messages and bytes on the queue, counted when routed here (so producers see them at once). */
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong expiredCount = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile int consumerCount;

    private static final class Browse {
        final QueueConsumer consumer;
        final List<QueueEntry> snapshot;
        int cursor;

        Browse(QueueConsumer consumer, List<QueueEntry> snapshot) {
            this.consumer = consumer;
            this.snapshot = snapshot;
        }
    }

    public Queue(QueueHost host, long id, QueueSettings settings, Executor owner) {
        this.host = host;
        this.id = id;
        this.settings = settings;
        this.mailbox = new Mailbox(owner);
        for (int i = 0; i < PRIORITIES; i++) {
            levels[i] = new ArrayDeque<>();
        }
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
        return depth.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public int consumerCount() {
        return consumerCount;
    }

    /** Messages on the queue and ready to be delivered (as of the queue thread's last dispatch). */
    public int readyCount() {
        return readyView;
    }

    public long enqueuedCount() {
        return enqueued.get();
    }

    public long acknowledgedCount() {
        return acknowledged.get();
    }

    public long expiredCount() {
        return expiredCount.get();
    }

    public long deadLetteredCount() {
        return deadLettered.get();
    }

    /** True when one more message of {@code size} bytes would pass the queue's limits. */
    public boolean full(long size) {
        QueueSettings s = settings;
        return (s.maxMessages() >= 0 && depth.get() >= s.maxMessages())
                || (s.maxBytes() >= 0 && bytes.get() + size > s.maxBytes());
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
        depth.incrementAndGet();
        bytes.addAndGet(message.size());
        enqueued.incrementAndGet();
    }

    public void addConsumer(QueueConsumer consumer, boolean selective) {
        mailbox.post(() -> {
            if (deleted) {
                return;
            }
            if (consumer.browser()) {
                browsers.add(new Browse(consumer, snapshot()));
            } else {
                consumers.add(consumer);
                anySelective |= selective;
            }
            consumerCount = consumers.size() + browsers.size();
            dispatch();
        });
    }

    /**
     * Takes a consumer away; the entries it still had come back (in order), counted as failed
     * deliveries when {@code failed} (it got them and did not settle them).
     */
    public void removeConsumer(QueueConsumer consumer, Collection<QueueEntry> unsettled, boolean failed) {
        mailbox.post(() -> {
            consumers.remove(consumer);
            browsers.removeIf(b -> b.consumer == consumer);
            consumerCount = consumers.size() + browsers.size();
            if (nextConsumer >= consumers.size()) {
                nextConsumer = 0;
            }
            for (QueueEntry e : unsettled) {
                if (e.state == QueueEntry.DELIVERING && e.owner == consumer) {
                    requeue(e, failed);
                }
            }
            if (settings.autoDelete() && consumers.isEmpty() && browsers.isEmpty() && !deleted) {
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
                inFlight--;
                delivering.remove(e);
                remove(e);
                acknowledged.incrementAndGet();
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
            inFlight--;
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
            for (int p = 0; p < PRIORITIES; p++) {
                Iterator<QueueEntry> it = levels[p].iterator();
                while (it.hasNext()) {
                    QueueEntry e = it.next();
                    if (e.message == message) {
                        it.remove();
                        ready--;
                        e.state = QueueEntry.DONE;
                        depth.decrementAndGet();
                        bytes.addAndGet(-message.size());
                        enqueued.decrementAndGet();
                        letGo(message);
                        return;
                    }
                }
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
     * Frees up to {@code target} bytes by paging out durable bodies, newest first, looking at no more than
     * {@code scanLimit} entries (under lasting pressure most entries are paged out already, and the scan runs every
     * 100 ms; the broker scans whole queues once, when memory first runs short).
     */
    public void pageOut(long target, int scanLimit) {
        mailbox.post(() -> {
            long freed = 0;
            int visited = 0;
            for (int p = 0; p < PRIORITIES && freed < target && visited < scanLimit; p++) {
                Iterator<QueueEntry> it = levels[p].descendingIterator();
                while (it.hasNext() && freed < target && visited++ < scanLimit) {
                    freed += it.next().message.pageOut();
                }
            }
            if (freed > 0) {
                host.memory().release(freed);
            }
        });
    }

    /** Expires every message whose time has come, wherever it is on the queue. */
    public void expireScan(long now) {
        mailbox.post(() -> {
            for (int p = 0; p < PRIORITIES; p++) {
                Iterator<QueueEntry> it = levels[p].iterator();
                while (it.hasNext()) {
                    QueueEntry e = it.next();
                    if (e.message.expired(now)) {
                        it.remove();
                        ready--;
                        expire(e);
                    }
                }
            }
            returned.removeIf(e -> {
                if (e.message.expired(now)) {
                    ready--;
                    expire(e);
                    return true;
                }
                return false;
            });
        });
    }

    // ------------------------------------------------------------------ on the owner thread

    /** Adds a message directly: for recovery (before the queue is in use) and from the mailbox. */
    public void add(Message message, int deliveryCount) {
        if (deleted) {
            letGo(message);
            depth.decrementAndGet();
            bytes.addAndGet(-message.size());
            return;
        }
        QueueEntry e = new QueueEntry(this, message, nextSequence++, deliveryCount);
        levels[message.priority()].addLast(e);
        ready++;
        dispatch();
    }

    /** Adds a recovered message (owner thread, before use). */
    public void recover(Message message, int deliveryCount) {
        reserve(message);
        add(message, deliveryCount);
    }

    private QueueEntry peekBest() {
        QueueEntry best = returned.peek();
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            QueueEntry head = levels[p].peekFirst();
            if (head != null) {
                if (best == null || ORDER.compare(head, best) < 0) {
                    best = head;
                }
                break;
            }
        }
        return best;
    }

    private void take(QueueEntry e) {
        if (returned.peek() == e) {
            returned.poll();
        } else if (!levels[e.message.priority()].remove(e)) {
            returned.remove(e);
        }
        ready--;
    }

    private void dispatch() {
        if (dispatching || deleted) {
            readyView = ready;
            return;
        }
        dispatching = true;
        List<QueueEntry> passedOver = null;
        try {
            long now = System.currentTimeMillis();
            while (ready > 0 && !consumers.isEmpty()) {
                QueueEntry e = peekBest();
                if (e.message.expired(now)) {
                    take(e);
                    expire(e);
                    continue;
                }
                QueueConsumer c = choose(e);
                if (c == null && e.excluded != null) {
                    // Refused (undeliverable-here) by every consumer that has credit: it must not hold
                    // up the messages behind it. It goes back in its place when this pass ends.
                    take(e);
                    if (passedOver == null) {
                        passedOver = new ArrayList<>();
                    }
                    passedOver.add(e);
                    continue;
                }
                if (c == null) {
                    if (!anySelective || !dispatchOutOfOrder(now)) {
                        break;
                    }
                    continue;
                }
                take(e);
                give(e, c);
            }
            dispatchBrowsers();
        } finally {
            if (passedOver != null) {
                returned.addAll(passedOver);
                ready += passedOver.size();
            }
            dispatching = false;
            readyView = ready;
        }
    }

    private QueueConsumer choose(QueueEntry e) {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            int at = (nextConsumer + i) % n;
            QueueConsumer c = consumers.get(at);
            if (!e.excludes(c) && c.accepts(e) && c.tryClaim()) {
                nextConsumer = (at + 1) % n;
                return c;
            }
        }
        return null;
    }

    /**
     * With selectors, the message at the head may suit nobody with credit while later ones suit
     * someone: look further down the queue (a bounded distance) for one that does.
     */
    private boolean dispatchOutOfOrder(long now) {
        List<QueueEntry> candidates = new ArrayList<>();
        candidates.addAll(returned);
        for (int p = PRIORITIES - 1; p >= 0 && candidates.size() < SELECTOR_SCAN_LIMIT; p--) {
            for (QueueEntry e : levels[p]) {
                candidates.add(e);
                if (candidates.size() >= SELECTOR_SCAN_LIMIT) {
                    break;
                }
            }
        }
        candidates.sort(ORDER);
        for (QueueEntry e : candidates) {
            if (e.message.expired(now)) {
                continue;
            }
            QueueConsumer c = choose(e);
            if (c != null) {
                take(e);
                give(e, c);
                return true;
            }
        }
        return false;
    }

    private void give(QueueEntry e, QueueConsumer c) {
        e.state = QueueEntry.DELIVERING;
        e.owner = c;
        inFlight++;
        delivering.add(e);
        c.deliver(e);
    }

    private void dispatchBrowsers() {
        for (Browse b : browsers) {
            while (b.cursor < b.snapshot.size()) {
                QueueEntry e = b.snapshot.get(b.cursor);
                if (e.state == QueueEntry.DONE) {
                    b.cursor++;
                    continue;
                }
                if (!b.consumer.accepts(e)) {
                    b.cursor++;
                    continue;
                }
                if (!b.consumer.tryClaim()) {
                    break;
                }
                b.cursor++;
                b.consumer.deliver(e);
            }
        }
    }

    private List<QueueEntry> snapshot() {
        List<QueueEntry> all = new ArrayList<>(ready);
        all.addAll(returned);
        for (ArrayDeque<QueueEntry> level : levels) {
            all.addAll(level);
        }
        all.sort(ORDER);
        return all;
    }

    /**
     * The bytes of {@code entry}'s message: from memory, or read back from the store when paged
     * out. Called by consumers on their own threads.
     */
    public byte[] bodyOf(QueueEntry entry) {
        byte[] body = entry.message.body();
        if (body != null) {
            return body;
        }
        ByteBuf b;
        synchronized (this) {
            if (reader == null) {
                reader = host.store().newReader();
            }
            b = reader.read(entry.message.id());
        }
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    private void requeue(QueueEntry e, boolean failed) {
        inFlight--;
        delivering.remove(e);
        e.state = QueueEntry.READY;
        e.owner = null;
        if (failed) {
            e.deliveryCount++;
            if (e.deliveryCount >= settings.maxDeliveries()) {
                deadLetter(e, "delivery failed " + e.deliveryCount + " times (max-deliveries "
                        + settings.maxDeliveries() + ")");
                return;
            }
            if (persistent(e)) {
                host.store().updateDeliveryCountLazily(id, e.message.id(), e.deliveryCount);
            }
        }
        returned.add(e);
        ready++;
    }

    private boolean persistent(QueueEntry e) {
        return settings.durable() && e.message.durable() && !deleted;
    }

    /** The entry leaves the queue for good. */
    private void remove(QueueEntry e) {
        e.state = QueueEntry.DONE;
        e.owner = null;
        depth.decrementAndGet();
        bytes.addAndGet(-e.message.size());
        if (persistent(e)) {
            try {
                host.store().removeMessageLazily(id, e.message.id());
            } catch (StoreException ex) {
                LOG.warn("queue {}: cannot record the removal of message {}: {}", name(), e.message.id(), ex.toString());
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
        deadLettered.incrementAndGet();
        host.deadLetter(e, reason);
        remove(e);
    }

    private void expire(QueueEntry e) {
        expiredCount.incrementAndGet();
        host.expired(e);
        remove(e);
    }

    private void delete() {
        List<QueueEntry> all = snapshot();
        all.addAll(delivering);
        delivering.clear();
        long[] durableIds = all.stream().filter(this::persistent).mapToLong(e -> e.message.id()).toArray();
        deleted = true;
        for (QueueEntry e : all) {
            if (e.state != QueueEntry.DONE) {
                remove(e);
            }
        }
        inFlight = 0;
        for (int p = 0; p < PRIORITIES; p++) {
            levels[p].clear();
        }
        returned.clear();
        ready = 0;
        consumers.clear();
        browsers.clear();
        consumerCount = 0;
        host.queueDeleted(this, durableIds);
    }

    public boolean deleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return "Queue{" + settings.name() + ", depth=" + depth.get() + ", consumers=" + consumerCount + "}";
    }
}
