package io.ferrymq.broker.queue;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The ready messages of one priority on a queue, in arrival order. Each slot is a message: its id, sequence, size
 * and delivery count in primitive arrays, and its {@link QueueEntry} while the message is in memory. A durable
 * message the journal has can be paged out whole: its entry (and with it the message, once no other queue holds it)
 * is dropped and only the slot's 28 bytes stay, so a backlog far larger than the heap keeps its place in the queue.
 * It is paged in again, read back from the journal, when it comes near the head.
 *
 * <p>A ring buffer over parallel arrays; the owner thread of the queue alone uses it.
 */
final class Level {
    private static final int INITIAL = 16;
    /** An emptied level gives back arrays larger than this. */
    private static final int KEEP = 1024;

    private long[] ids;
    private long[] sequences;
    private int[] sizes;
    private int[] counts;
    private QueueEntry[] entries;
    private int mask;
    private int head;
    private int size;
    private int paged;

    Level() {
        allocate(INITIAL);
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        sequences = new long[capacity];
        sizes = new int[capacity];
        counts = new int[capacity];
        entries = new QueueEntry[capacity];
        mask = capacity - 1;
        head = 0;
    }

    /** Messages in the level, in memory or paged out. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Messages paged out whole. */
    int paged() {
        return paged;
    }

    private int at(int i) {
        return (head + i) & mask;
    }

    /** The entry of the {@code i}-th message from the head, or null when it is paged out. */
    QueueEntry entry(int i) {
        return entries[at(i)];
    }

    long id(int i) {
        return ids[at(i)];
    }

    long sequence(int i) {
        return sequences[at(i)];
    }

    int messageSize(int i) {
        return sizes[at(i)];
    }

    /** The delivery count of a paged-out message. */
    int deliveryCount(int i) {
        return counts[at(i)];
    }

    void addLast(QueueEntry e) {
        int i = reserveLast();
        ids[i] = e.message.id();
        sequences[i] = e.sequence;
        sizes[i] = e.message.size();
        entries[i] = e;
    }

    /** Adds a message that is in the journal and not in memory (recovery of a backlog larger than memory). */
    void addLastPaged(long id, long sequence, int messageSize, int deliveryCount) {
        int i = reserveLast();
        ids[i] = id;
        sequences[i] = sequence;
        sizes[i] = messageSize;
        counts[i] = deliveryCount;
        paged++;
    }

    private int reserveLast() {
        if (size == ids.length) {
            grow();
        }
        return at(size++);
    }

    private void grow() {
        int capacity = ids.length * 2;
        long[] i2 = new long[capacity];
        long[] s2 = new long[capacity];
        int[] z2 = new int[capacity];
        int[] c2 = new int[capacity];
        QueueEntry[] e2 = new QueueEntry[capacity];
        for (int k = 0; k < size; k++) {
            int from = at(k);
            i2[k] = ids[from];
            s2[k] = sequences[from];
            z2[k] = sizes[from];
            c2[k] = counts[from];
            e2[k] = entries[from];
        }
        ids = i2;
        sequences = s2;
        sizes = z2;
        counts = c2;
        entries = e2;
        mask = capacity - 1;
        head = 0;
    }

    /** Takes {@code e} out of the level (usually it is the head); false when it is not here. */
    boolean remove(QueueEntry e) {
        if (size > 0 && entries[head] == e) {
            removeAt(0);
            return true;
        }
        for (int k = 1; k < size; k++) {
            if (entries[at(k)] == e) {
                removeAt(k);
                return true;
            }
        }
        return false;
    }

    /** Removes the {@code i}-th message, keeping the order of the others. */
    void removeAt(int i) {
        if (entries[at(i)] == null) {
            paged--;
        }
        if (i == 0) {
            entries[head] = null;
            head = (head + 1) & mask;
        } else {
            for (int k = i; k < size - 1; k++) {
                int to = at(k);
                int from = at(k + 1);
                ids[to] = ids[from];
                sequences[to] = sequences[from];
                sizes[to] = sizes[from];
                counts[to] = counts[from];
                entries[to] = entries[from];
            }
            entries[at(size - 1)] = null;
        }
        size--;
        shrinkIfEmpty();
    }

    /** Removes every in-memory entry {@code which} matches, keeping order; returns how many. */
    int removeIf(Predicate<QueueEntry> which) {
        int kept = 0;
        int removed = 0;
        for (int k = 0; k < size; k++) {
            int from = at(k);
            QueueEntry e = entries[from];
            if (e != null && which.test(e)) {
                removed++;
                continue;
            }
            int to = at(kept++);
            if (to != from) {
                ids[to] = ids[from];
                sequences[to] = sequences[from];
                sizes[to] = sizes[from];
                counts[to] = counts[from];
                entries[to] = e;
            }
        }
        for (int k = kept; k < size; k++) {
            entries[at(k)] = null;
        }
        size = kept;
        shrinkIfEmpty();
        return removed;
    }

    /** Drops the {@code i}-th message's entry from memory; the slot keeps its place and delivery count. */
    void pageOut(int i) {
        int s = at(i);
        counts[s] = entries[s].deliveryCount;
        entries[s] = null;
        paged++;
    }

    /** Puts the {@code i}-th message's entry, read back, in its place again. */
    void pageIn(int i, QueueEntry e) {
        entries[at(i)] = e;
        paged--;
    }

    void clear() {
        Arrays.fill(entries, null);
        size = 0;
        paged = 0;
        shrinkIfEmpty();
        head = 0;
    }

    private void shrinkIfEmpty() {
        if (size == 0 && ids.length > KEEP) {
            allocate(INITIAL);
        }
    }
}
