package io.ferrymq.broker.queue;

import io.ferrymq.store.Store;
import io.netty.buffer.ByteBuf;
import java.util.function.LongFunction;

/** What a queue needs from the broker around it. */
public interface QueueHost {
    /** The journal. */
    Store store();

    /**
     * A new reader of message bytes by message id, for a queue to read back what it paged out: one per queue, used by
     * one thread at a time; the caller releases each buffer it reads. The journal's own reader (with read-ahead) unless
     * a host says otherwise.
     */
    default LongFunction<ByteBuf> newReader() {
        return store().newReader()::read;
    }

    /** The broker's account of message bytes in memory. */
    MemoryAccount memory();

    /**
     * A durable message read back from the journal, as {@code bytes}, for a queue on {@code address}: what dispatch
     * needs is read from its header and properties.
     *
     * @throws RuntimeException if the bytes are not a valid message
     */
    Message restore(long messageId, byte[] bytes, String address);

    /** Sends a copy of {@code entry}'s message to its dead-letter address, saying why. */
    void deadLetter(QueueEntry entry, String reason);

    /** Sends a copy of an expired message to its expiry address. */
    void expired(QueueEntry entry);

    /**
     * The queue has been deleted (after its last consumer left, or on request); the durable
     * messages it still held are listed for the store.
     */
    void queueDeleted(Queue queue, long[] durableMessageIds);
}
