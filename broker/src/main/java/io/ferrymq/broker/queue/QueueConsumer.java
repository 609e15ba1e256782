package io.ferrymq.broker.queue;

/**
 * Something a queue gives messages to: a consumer link. Methods are called on the queue's
 * thread; {@link #deliver} hands the entry to the consumer's own thread.
 */
public interface QueueConsumer {
    /** Takes one unit of credit if there is any (atomically: the consumer's thread adds credit). */
    boolean tryClaim();

    /** True when this consumer wants {@code entry} (its selector matches, it is not excluded, ...). */
    boolean accepts(QueueEntry entry);

    /** Gives the consumer an entry it claimed credit for. */
    void deliver(QueueEntry entry);

    /** Browsers see messages without taking them ({@code messaging.xml}: distribution-mode copy). */
    boolean browser();

    /**
     * The queue was deleted before this consumer could be added to it (an unused queue deleted as its consumer
     * attached): the consumer is told, so that its link ends with {@code amqp:resource-deleted} rather than waiting
     * for messages that will never come.
     */
    void queueGone();
}
