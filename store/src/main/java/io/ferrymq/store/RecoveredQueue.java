package io.ferrymq.store;

/**
 * A durable queue as recovered: its settings and its messages in enqueue order.
 *
 * @param queueId        the broker's id for the queue
 * @param settings       the bytes given to {@link Store#createQueue}
 * @param messageIds     the messages on the queue, oldest first
 * @param deliveryCounts the last delivery count recorded for each message ({@code 0} if none), same order
 */
public record RecoveredQueue(long queueId, byte[] settings, long[] messageIds, int[] deliveryCounts) {}
