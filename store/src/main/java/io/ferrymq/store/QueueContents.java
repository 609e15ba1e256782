package io.ferrymq.store;

/**
 * What {@link LiveState} tells about queue contents as it applies records. Recovery keeps each queue's messages in
 * order ({@link RecoveringQueues}); at run time the broker owns its queues, so {@link #RUNTIME} keeps nothing and
 * trusts the broker's calls.
 */
interface QueueContents {
    void enqueued(long queueId, long messageId);

    /** Drops the reference of {@code queueId} to {@code messageId}; true when that reference existed. */
    boolean removed(long queueId, long messageId);

    void deliveryCount(long queueId, long messageId, int count);

    /** The queue is deleted: returns the messages whose reference from it is dropped with it. */
    long[] queueDeleted(long queueId, Record deletion);

    QueueContents RUNTIME = new QueueContents() {
        @Override
        public void enqueued(long queueId, long messageId) {}

        @Override
        public boolean removed(long queueId, long messageId) {
            return true;
        }

        @Override
        public void deliveryCount(long queueId, long messageId, int count) {}

        @Override
        public long[] queueDeleted(long queueId, Record deletion) {
            return deletion.queueMessages;
        }
    };
}
