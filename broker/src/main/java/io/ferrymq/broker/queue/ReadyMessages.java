package io.ferrymq.broker.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A queue's ready messages (on the queue and given to no consumer), in the order they go out: priority first (9
 * first, {@code messaging.xml#type-header}), then arrival. Each priority's messages are a {@link Level}, in arrival
 * order, in memory or paged out; a message a consumer gave back waits among the returned ones, which go out before
 * any message that arrived after them. The {@link Pager} reads a paged-out head back before it is looked at.
 *
 * <p>The queue's thread alone uses it.
 */
final class ReadyMessages {
    static final int PRIORITIES = 10;
    /** Among ready messages: higher priority first, then older first. */
    static final Comparator<QueueEntry> ORDER = (a, b) -> a.message.priority() != b.message.priority()
            ? b.message.priority() - a.message.priority()
            : Long.compare(a.sequence, b.sequence);

    /** What {@link #visitInOrder} shows of each ready message. */
    interface Visitor {
        /** A message in memory. */
        void entry(QueueEntry entry);

        /** A message paged out whole: only its id and delivery count are in memory. */
        void pagedOut(long messageId, int deliveryCount);
    }

    private final Queue queue;
    private final Pager pager;
    private final Level[] levels = new Level[PRIORITIES];
    /** Messages given back by consumers, to go out again in their original order. */
    private final PriorityQueue<QueueEntry> returned = new PriorityQueue<>(ORDER);

    private int count;
    private long nextSequence;

    ReadyMessages(Queue queue, Pager pager) {
        this.queue = queue;
        this.pager = pager;
        for (int i = 0; i < PRIORITIES; i++) {
            levels[i] = new Level();
        }
    }

    /** Ready messages, in memory or paged out. */
    int count() {
        return count;
    }

    /** A message arrives, last of its priority. */
    void add(Message message, int deliveryCount) {
        levels[message.priority()].addLast(new QueueEntry(queue, message, nextSequence++, deliveryCount));
        count++;
    }

    /** A message arrives that stays in the journal, not in memory (recovery of a backlog larger than memory). */
    void addPaged(long messageId, int priority, int size, int deliveryCount) {
        levels[Math.max(0, Math.min(9, priority))].addLastPaged(messageId, nextSequence++, size, deliveryCount);
        count++;
    }

    /** A message a consumer gave back (or one passed over): it goes out again in its original place. */
    void putBack(QueueEntry e) {
        returned.add(e);
        count++;
    }

    /** The message to go out next, read back from the journal if it was paged out; null when there is none. */
    QueueEntry next() {
        QueueEntry best = returned.peek();
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            QueueEntry head = head(levels[p]);
            if (head != null) {
                if (best == null || ORDER.compare(head, best) < 0) {
                    best = head;
                }
                break;
            }
        }
        return best;
    }

    /**
     * The first message of {@code level}, in memory: if it is paged out, it and the paged-out messages after it (up
     * to a batch) are read back from the journal first. Null when the level is empty.
     */
    private QueueEntry head(Level level) {
        while (!level.isEmpty()) {
            QueueEntry e = level.entry(0);
            if (e != null) {
                return e;
            }
            count -= pager.pageIn(level);
        }
        return null;
    }

    /** Takes a ready message off, to be delivered or to leave the queue. */
    void take(QueueEntry e) {
        if (returned.peek() == e) {
            returned.poll();
        } else if (!levels[e.message.priority()].remove(e)) {
            returned.remove(e);
        }
        count--;
    }

    /**
     * Takes {@code message} off if it is waiting, never delivered (then it was never stored, so it is in memory, in
     * its priority's level): true when it was.
     */
    boolean withdraw(Message message) {
        if (levels[message.priority()].removeIf(e -> withdrawn(e, message)) > 0) {
            count--;
            return true;
        }
        return false;
    }

    private static boolean withdrawn(QueueEntry e, Message message) {
        if (e.message != message) {
            return false;
        }
        e.state = QueueEntry.DONE;
        return true;
    }

    /**
     * Takes off every message in memory whose time has come and hands it to {@code expire}: those that never went out
     * first, then those given back. Messages paged out whole are looked at when they are paged in again, before
     * delivery.
     */
    void expire(long now, Consumer<QueueEntry> expire) {
        List<QueueEntry> gone = new ArrayList<>();
        for (int p = 0; p < PRIORITIES; p++) {
            levels[p].removeIf(e -> e.message.expired(now) && gone.add(e));
        }
        for (QueueEntry e : gone) {
            count--;
            expire.accept(e);
        }
        returned.removeIf(e -> {
            if (e.message.expired(now)) {
                count--;
                expire.accept(e);
                return true;
            }
            return false;
        });
    }

    /**
     * Pages out messages of the lowest priorities first until {@code target} bytes are freed, looking at no more than
     * {@code scanLimit} messages in memory of each level ({@link Pager#pageOut}); returns the bytes freed.
     */
    long pageOut(long target, int scanLimit, boolean whole) {
        long freed = 0;
        for (int p = 0; p < PRIORITIES && freed < target; p++) {
            freed += pager.pageOut(levels[p], target - freed, scanLimit, whole);
        }
        return freed;
    }

    /**
     * The ready messages in memory, in the order they go out: every returned one, and as many of the others as make
     * {@code limit} in all.
     */
    List<QueueEntry> firstInMemory(int limit) {
        List<QueueEntry> candidates = new ArrayList<>(returned);
        for (int p = PRIORITIES - 1; p >= 0 && candidates.size() < limit; p--) {
            Level level = levels[p];
            for (int i = 0; i < level.size() && candidates.size() < limit; i++) {
                QueueEntry e = level.entry(i);
                if (e != null) {
                    candidates.add(e);
                }
            }
        }
        candidates.sort(ORDER);
        return candidates;
    }

    /** The ready messages in memory, returned ones first, in no particular order otherwise. */
    List<QueueEntry> inMemory() {
        List<QueueEntry> all = new ArrayList<>(returned);
        for (Level level : levels) {
            for (int i = 0; i < level.size(); i++) {
                QueueEntry e = level.entry(i);
                if (e != null) {
                    all.add(e);
                }
            }
        }
        return all;
    }

    /** Ready messages, in memory or paged out, counted slot by slot. */
    int slots() {
        int size = returned.size();
        for (Level level : levels) {
            size += level.size();
        }
        return size;
    }

    /** Shows {@code visitor} every ready message, in the order they go out, paged-out ones as they are. */
    void visitInOrder(Visitor visitor) {
        List<QueueEntry> back = new ArrayList<>(returned);
        back.sort(ORDER);
        int r = 0;
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            Level level = levels[p];
            for (int i = 0; i < level.size(); i++) {
                long sequence = level.sequence(i);
                while (r < back.size()
                        && (back.get(r).message.priority() > p
                                || (back.get(r).message.priority() == p && back.get(r).sequence < sequence))) {
                    visitor.entry(back.get(r++));
                }
                QueueEntry e = level.entry(i);
                if (e != null) {
                    visitor.entry(e);
                } else {
                    visitor.pagedOut(level.id(i), level.deliveryCount(i));
                }
            }
        }
        while (r < back.size()) {
            visitor.entry(back.get(r++));
        }
    }

    /** The messages paged out whole: how many, their ids and their bytes, for a queue being deleted. */
    PagedOut pagedOut() {
        int paged = 0;
        for (Level level : levels) {
            paged += level.paged();
        }
        long[] ids = new long[paged];
        int n = 0;
        long bytes = 0;
        for (Level level : levels) {
            for (int i = 0; i < level.size(); i++) {
                if (level.entry(i) == null) {
                    ids[n++] = level.id(i);
                    bytes += level.messageSize(i);
                }
            }
        }
        return new PagedOut(ids, bytes);
    }

    /** Messages paged out whole: their ids, and their bytes in all. */
    record PagedOut(long[] ids, long bytes) {}

    /** Forgets every ready message (the queue is deleted). */
    void clear() {
        for (Level level : levels) {
            level.clear();
        }
        returned.clear();
        count = 0;
    }
}
