package io.ferrymq.broker.queue;

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
    /** Consumers this message must not be given to again (modified with undeliverable-here). */
    Object excluded;

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

    boolean excludes(QueueConsumer c) {
        if (excluded == null) {
            return false;
        }
        if (excluded == c) {
            return true;
        }
        return excluded instanceof java.util.Set<?> s && s.contains(c);
    }

    @SuppressWarnings("unchecked")
    void exclude(QueueConsumer c) {
        if (excluded == null) {
            excluded = c;
        } else if (excluded instanceof java.util.Set<?> s) {
            ((java.util.Set<Object>) s).add(c);
        } else if (excluded != c) {
            java.util.Set<Object> set = new java.util.HashSet<>();
            set.add(excluded);
            set.add(c);
            excluded = set;
        }
    }
}
