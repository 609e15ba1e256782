package io.ferrymq.store;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * One journal record, mutable so that recovery and compaction can decode into a single reused instance. On the
 * append path an instance is also the pending append: it carries the caller's future and, until the writer has
 * copied them into its batch buffer, the message bytes.
 */
final class Record {
    private static final long[] NO_IDS = new long[0];

    RecordType type;
    long txId;
    /** Message id (add, remove, delivery count). */
    long messageId;
    /** Queue id of a remove or delivery-count record. */
    long queueId;
    /** Queue or subscription id of an entity record. */
    long entityId;
    /** Queues an add-message record enqueues the message on: the first {@code queueCount} slots. */
    long[] queueIds = NO_IDS;

    int queueCount;
    /** Queue or subscription settings, or the data of a prepare record. */
    byte[] data;

    int deliveryCount;

    /** Message bytes on the append path; owned by the record until the writer releases them. */
    ByteBuf body;
    /** Length of the message bytes, and (after decoding) their offset in the decoded buffer. */
    int bodyLength;

    int bodyOffset;

    /** For a queue deletion on the append path: the messages still on the queue, whose references it drops. */
    long[] queueMessages = NO_IDS;

    // Append path state.
    CompletableFuture<Void> future;
    /** True when the caller waits for durability: the writer forces as soon as it has written this record. */
    boolean awaited;
    /** Where the record was written (segment file id and offset, see {@link Locations}) and its framed size. */
    long location;

    int size;
    Throwable failure;

    Record() {}

    Record(RecordType type) {
        this.type = type;
    }

    void setQueues(long[] ids, int count) {
        if (queueIds.length < count) {
            queueIds = new long[Math.max(count, 4)];
        }
        System.arraycopy(ids, 0, queueIds, 0, count);
        queueCount = count;
    }

    long[] queues() {
        long[] copy = new long[queueCount];
        System.arraycopy(queueIds, 0, copy, 0, queueCount);
        return copy;
    }

    void ensureQueueCapacity(int count) {
        if (queueIds.length < count) {
            queueIds = new long[Math.max(count, 4)];
        }
    }

    /** Releases the message bytes if this record still holds them. */
    void releaseBody() {
        ByteBuf b = body;
        body = null;
        if (b != null) {
            b.release();
        }
    }

    /** The id a record of this type is about, for log lines and damage reports. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(type);
        if (type == null) {
            return s.toString();
        }
        switch (type) {
            case ADD_MESSAGE, TX_ADD_MESSAGE ->
                s.append(" message ")
                        .append(messageId)
                        .append(" on ")
                        .append(queueCount)
                        .append(" queue(s), ")
                        .append(bodyLength)
                        .append(" bytes");
            case REMOVE_MESSAGE, TX_REMOVE_MESSAGE, DELIVERY_COUNT ->
                s.append(" message ").append(messageId).append(" queue ").append(queueId);
            case QUEUE_CREATED, QUEUE_DELETED, SUBSCRIPTION_CREATED, SUBSCRIPTION_DELETED ->
                s.append(' ').append(entityId);
            case SEGMENT_END -> s.append(", next segment ").append(entityId);
            default -> {}
        }
        if (type.isTransactional()) {
            s.append(" tx ").append(txId);
        }
        return s.toString();
    }
}
