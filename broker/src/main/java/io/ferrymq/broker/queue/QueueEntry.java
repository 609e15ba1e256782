package io.ferrymq.broker.queue;

import java.util.HashSet;
import java.util.Set;

/** A message's place on one queue: its order, its delivery count, and who has it now. */
public final class QueueEntry {
    static final byte READY = 0;
    static final byte DELIVERING = 1;
    static final byte DONE = 2;

    final Message message;
    final long sequence;
    final Queue queue;
    int deliveryCount;
    byte state = READY;
    QueueConsumer owner;
    /**
     * Consumers this message must not be given to again (modified with undeliverable-here): the shared empty set for
     * nearly every entry, so that an entry costs nothing for it.
     */
    private Set<QueueConsumer> excluded = Set.of();

    QueueEntry(Queue queue, Message message, long sequence, int deliveryCount) {
        this.queue = queue;
        this.message = message;
        this.sequence = sequence;
        this.deliveryCount = deliveryCount;
    }

    public Message message() {
        return message;
    }

    public Queue queue() {
        return queue;
    }

    /** Failed delivery attempts so far ({@code messaging.xml#type-header}: delivery-count). */
    public int deliveryCount() {
        return deliveryCount;
    }

    public long sequence() {
        return sequence;
    }

    /** Whether any consumer is excluded from this message. */
    boolean excludesAny() {
        return !excluded.isEmpty();
    }

    boolean excludes(QueueConsumer c) {
        return excluded.contains(c);
    }

    void exclude(QueueConsumer c) {
        if (excluded.contains(c)) {
            return;
        }
        if (excluded.isEmpty()) {
            excluded = Set.of(c);
        } else {
            Set<QueueConsumer> more = new HashSet<>(excluded);
            more.add(c);
            excluded = more;
        }
    }
}
