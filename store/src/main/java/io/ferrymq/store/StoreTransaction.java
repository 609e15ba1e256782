package io.ferrymq.store;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * The journal side of one transaction: its adds and removes are written as they come, tagged with the transaction
 * id, and take effect only when the commit record is durable; a rollback (or a crash before a prepare) discards them.
 * A prepared transaction survives a restart undecided ({@link RecoveredState#preparedTransactions()}).
 *
 * <p>The futures of adds and removes complete when the records are durable, riding the next force; they do not force
 * by themselves. {@link #prepare}, {@link #commit} and {@link #rollback} are awaited: they force, and everything the
 * transaction wrote before them is durable with them. Obtain one with {@link Store#transaction(long)}.
 */
public final class StoreTransaction {
    private final Store store;
    private final long txId;

    StoreTransaction(Store store, long txId) {
        this.store = store;
        this.txId = txId;
    }

    public long txId() {
        return txId;
    }

    /**
     * Adds a message to queues when the transaction commits. Takes ownership of {@code message} (released once
     * written), as {@link Store#addMessage} does.
     */
    public CompletableFuture<Void> addMessage(long messageId, ByteBuf message, long... queueIds) {
        return store.add(RecordType.TX_ADD_MESSAGE, txId, messageId, message, queueIds, false);
    }

    /** Removes (acknowledges) a message from a queue when the transaction commits. */
    public CompletableFuture<Void> removeMessage(long queueId, long messageId) {
        Record r = new Record(RecordType.TX_REMOVE_MESSAGE);
        r.txId = txId;
        r.queueId = queueId;
        r.messageId = messageId;
        return store.append(r, false);
    }

    /** Records that the transaction is prepared; {@code data} (for example an XID) is returned on recovery. */
    public CompletableFuture<Void> prepare(byte[] data) {
        Record r = new Record(RecordType.TX_PREPARE);
        r.txId = txId;
        r.data = data.clone();
        return store.append(r, true);
    }

    /** Commits: once the future completes, the transaction's adds and removes are durable and in effect. */
    public CompletableFuture<Void> commit() {
        return decide(RecordType.TX_COMMIT);
    }

    /** Rolls back: the transaction's adds and removes are discarded. */
    public CompletableFuture<Void> rollback() {
        return decide(RecordType.TX_ROLLBACK);
    }

    private CompletableFuture<Void> decide(RecordType type) {
        Record r = new Record(type);
        r.txId = txId;
        return store.append(r, true);
    }
}
