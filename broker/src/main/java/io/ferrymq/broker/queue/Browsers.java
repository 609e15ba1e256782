package io.ferrymq.broker.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * A queue's browsers: consumers that see its messages without taking them ({@code messaging.xml}: distribution-mode
 * copy). Each sees the ready messages as they were when it attached, in the order they go out, as far as its credit
 * goes; a message that has left the queue since is passed over. Messages paged out whole are in a browser's view by id
 * (and delivery count), read back from the journal when the browser comes to them.
 *
 * <p>The queue's thread alone uses it.
 */
final class Browsers {
    private final Queue queue;
    private final Pager pager;
    private final List<Browse> browsers = new ArrayList<>();

    /** One browser's view, and how far it has come. */
    private static final class Browse implements ReadyMessages.Visitor {
        final QueueConsumer consumer;
        final QueueEntry[] entries;
        final long[] pagedIds;
        final int[] pagedCounts;
        int cursor;
        /** How far the view is filled, while it is taken. */
        private int filled;

        Browse(QueueConsumer consumer, int size) {
            this.consumer = consumer;
            this.entries = new QueueEntry[size];
            this.pagedIds = new long[size];
            this.pagedCounts = new int[size];
        }

        @Override
        public void entry(QueueEntry entry) {
            entries[filled++] = entry;
        }

        @Override
        public void pagedOut(long messageId, int deliveryCount) {
            pagedIds[filled] = messageId;
            pagedCounts[filled++] = deliveryCount;
        }
    }

    Browsers(Queue queue, Pager pager) {
        this.queue = queue;
        this.pager = pager;
    }

    /** A browser attaches: its view is the queue's ready messages now. */
    void add(QueueConsumer consumer, ReadyMessages ready) {
        Browse b = new Browse(consumer, ready.slots());
        ready.visitInOrder(b);
        browsers.add(b);
    }

    void remove(QueueConsumer consumer) {
        browsers.removeIf(b -> b.consumer == consumer);
    }

    int size() {
        return browsers.size();
    }

    boolean isEmpty() {
        return browsers.isEmpty();
    }

    void clear() {
        browsers.clear();
    }

    /** Gives each browser the next messages of its view, as far as its credit goes. */
    void dispatch() {
        for (Browse b : browsers) {
            while (b.cursor < b.entries.length) {
                QueueEntry e = b.entries[b.cursor];
                if (e == null) {
                    e = readBack(b.pagedIds[b.cursor], b.pagedCounts[b.cursor]);
                    if (e == null) {
                        b.cursor++;
                        continue;
                    }
                    b.entries[b.cursor] = e;
                }
                if (e.state == QueueEntry.DONE || !b.consumer.accepts(e)) {
                    b.entries[b.cursor++] = null;
                    continue;
                }
                if (!b.consumer.tryClaim()) {
                    break;
                }
                b.entries[b.cursor++] = null;
                b.consumer.deliver(e);
            }
        }
    }

    /**
     * A paged-out message as a browser sees it: read back, not counted as held (browsers settle at once); null when
     * it has left the journal since the browser attached.
     */
    private QueueEntry readBack(long messageId, int deliveryCount) {
        try {
            return new QueueEntry(queue, pager.readBack(messageId), 0, deliveryCount);
        } catch (RuntimeException gone) {
            return null;
        }
    }
}
