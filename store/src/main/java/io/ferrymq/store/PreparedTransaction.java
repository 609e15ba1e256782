package io.ferrymq.store;

import java.util.List;

/**
 * A transaction that was prepared but neither committed nor rolled back when the store last stopped. Its work is
 * held, not applied: the broker decides it with {@link Store#transaction(long)} and then
 * {@link StoreTransaction#commit()} or {@link StoreTransaction#rollback()}. The bodies of its added messages can be
 * read with {@link Store#read(long)} meanwhile.
 *
 * @param txId              the broker's transaction id
 * @param data              the bytes given to {@link StoreTransaction#prepare(byte[])} (for example an XID)
 * @param addedMessageIds   messages the transaction adds, in order
 * @param addedQueueIds     for each added message, the queues it goes on
 * @param removedQueueIds   queue of each removal the transaction makes, in order
 * @param removedMessageIds message of each removal, same order
 */
public record PreparedTransaction(
        long txId,
        byte[] data,
        long[] addedMessageIds,
        List<long[]> addedQueueIds,
        long[] removedQueueIds,
        long[] removedMessageIds) {}
