package io.ferrymq.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's durable journal: open a data directory, append records, read message bodies back.
 *
 * <h2>Appends</h2>
 * Every append returns a {@link CompletableFuture} completed once the record is durable under the
 * {@link SyncPolicy} (with the default {@link SyncPolicy#ALWAYS}: forced to disk). Appends from any number of
 * threads are batched by one writer thread into one write and one force (group commit). Futures are completed on the
 * store's completer thread, in append order; dependent actions run there unless attached with an {@code *Async}
 * method, so they must be short and must not block. The {@code ...Lazily} methods append records nobody waits for
 * (acknowledgements, delivery counts): they ride the next force and never force by themselves.
 *
 * <h2>Ids</h2>
 * Message ids are positive longs assigned by the broker, unique among all messages whose records are in the journal:
 * {@link #nextMessageId()} hands out such ids (one more than the highest ever seen). Queue, subscription and
 * transaction ids are the broker's; each queue (message) reference must be removed at most once.
 *
 * <h2>Limits</h2>
 * Appends with a future are refused at once with {@link StoreOverloadedException} when
 * {@link StoreOptions#maxPendingAppends()} or {@link StoreOptions#maxPendingBytes()} are reached: fail fast, never
 * block, never unbounded memory. A full disk or {@link StoreOptions#maxDiskBytes()} fails appends with
 * {@link StoreFullException}, an I/O error with {@link StoreIOException}; what was durable stays intact and appends
 * succeed again once space returns.
 *
 * <h2>Reads</h2>
 * {@link #read(long)} returns a message's bytes by id wherever compaction has moved them;
 * {@link #newReader()} gives a reader with read-ahead for a queue's sequential reads. Reads block on disk I/O.
 *
 * <p>See docs/store.md for the on-disk format and the rules behind recovery and compaction.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Path dir;
    private final StoreOptions options;
    private final LockFile lockFile;
    private final LiveState state;
    private final SegmentAllocator allocator;
    private final Completer completer;
    private final Compactor compactor;
    private final GroupCommitWriter writer;
    private final AtomicLong messageIds;
    private final StoreFailure failure;
    private volatile RecoveredState recovered;
    private volatile boolean closed;

    private Store(
            Path dir,
            StoreOptions options,
            LockFile lockFile,
            LiveState state,
            Recovery.Result result,
            DiskBudget budget)
            throws IOException {
        this.dir = dir;
        this.options = options;
        this.lockFile = lockFile;
        this.state = state;
        this.recovered = result.recovered();
        this.messageIds = new AtomicLong(result.recovered().highestMessageId());
        AtomicInteger fileIds = new AtomicInteger(result.maxFileId());
        this.failure = new StoreFailure(dir.toString());
        this.allocator = new SegmentAllocator(dir, options.segmentSize(), fileIds, budget, result.freeFiles(), failure);
        Segment active = result.active();
        if (active == null) {
            active = allocator.create();
            state.segments.add(active);
        }
        // The segments as recovered (and the new active one): listed before anything is appended.
        Manifest manifest = new Manifest(dir, state, messageIds::get);
        manifest.update();
        this.completer = new Completer(failure);
        this.compactor = new Compactor(
                dir, options, state, fileIds, budget, allocator::nudge, allocator::recycle, manifest, failure);
        this.writer = new GroupCommitWriter(
                options, state, allocator, completer, active, active.dataEnd, compactor::wake, manifest, failure);
        completer.start();
        writer.start();
        allocator.start(writer::bytesWritten);
        compactor.start();
        for (long tx : result.abandonedTransactions()) {
            LOG.info("rolling back transaction {}: it was neither prepared nor decided before the restart", tx);
            Record r = new Record(RecordType.TX_ROLLBACK);
            r.txId = tx;
            appendLazily(r); // forced with the next append; if lost, the next start rolls it back again
        }
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}: takes the directory's lock file, recovers the journal
     * and starts the writer. Blocks for the length of recovery.
     *
     * @throws StoreLockedException if another store, in this process or another, has the directory open
     * @throws IOException          if the directory cannot be read or written
     */
    public static Store open(Path dataDir, StoreOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Files.createDirectories(dataDir);
        LockFile lock = LockFile.acquire(dataDir);
        LiveState state = new LiveState();
        try {
            DiskBudget budget = new DiskBudget(options.maxDiskBytes());
            Recovery.Result result = new Recovery(dataDir, options, state).run(budget);
            return new Store(dataDir, options, lock, state, result, budget);
        } catch (IOException | RuntimeException e) {
            for (Segment s : state.segments.ordered()) {
                s.closeQuietly();
            }
            lock.close();
            throw e;
        }
    }

    /** The data directory. */
    public Path directory() {
        return dir;
    }

    public StoreOptions options() {
        return options;
    }

    /**
     * Hands over what recovery found at open. The first call returns it; the store keeps no reference afterwards (the
     * message id arrays can be large), so later calls throw {@link IllegalStateException}.
     */
    public RecoveredState takeRecoveredState() {
        RecoveredState r = recovered;
        if (r == null) {
            throw new IllegalStateException("recovered state was taken already");
        }
        recovered = null;
        return r;
    }

    /** A message id not used by any message in the journal: one more than the highest handed out or recovered. */
    public long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    /** Records a durable queue; {@code settings} are the broker's bytes, returned on recovery. */
    public CompletableFuture<Void> createQueue(long queueId, byte[] settings) {
        return entity(RecordType.QUEUE_CREATED, queueId, settings.clone());
    }

    /**
     * Deletes a durable queue. The queue's references to {@code messageIdsOnQueue} (the messages still on it) are
     * dropped with it; a message no other queue holds becomes dead. On recovery every reference of the queue is
     * dropped, listed or not; an unlisted message only stays on disk until the next restart.
     */
    public CompletableFuture<Void> deleteQueue(long queueId, long[] messageIdsOnQueue) {
        Record r = new Record(RecordType.QUEUE_DELETED);
        r.entityId = queueId;
        r.queueMessages = messageIdsOnQueue.clone();
        return append(r, true);
    }

    /** Records a durable subscription; {@code settings} are the broker's bytes, returned on recovery. */
    public CompletableFuture<Void> createSubscription(long subscriptionId, byte[] settings) {
        return entity(RecordType.SUBSCRIPTION_CREATED, subscriptionId, settings.clone());
    }

    public CompletableFuture<Void> deleteSubscription(long subscriptionId) {
        return entity(RecordType.SUBSCRIPTION_DELETED, subscriptionId, null);
    }

    private CompletableFuture<Void> entity(RecordType type, long id, byte[] settings) {
        Record r = new Record(type);
        r.entityId = id;
        r.data = settings;
        return append(r, true);
    }

    /**
     * Stores a message once and enqueues it on every queue in {@code queueIds} (fan-out to many subscription queues
     * costs one copy of the bytes). Queues that do not exist when the record is applied are skipped. The store takes
     * ownership of {@code message}: it releases it once the bytes are copied into the write buffer (pass
     * {@code retainedDuplicate()} to keep using it). The readable bytes are stored; the indexes are not changed.
     */
    public CompletableFuture<Void> addMessage(long messageId, ByteBuf message, long... queueIds) {
        return add(RecordType.ADD_MESSAGE, 0, messageId, message, queueIds, true);
    }

    CompletableFuture<Void> add(
            RecordType type, long txId, long messageId, ByteBuf message, long[] queueIds, boolean awaited) {
        Record r = new Record(type);
        r.txId = txId;
        r.messageId = messageId;
        r.body = message;
        r.bodyLength = message.readableBytes();
        r.setQueues(queueIds, queueIds.length);
        if (messageId <= 0 || queueIds.length == 0) {
            message.release();
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "message id must be positive and at least one queue given: id " + messageId));
        }
        // The highest id taken, kept in the manifest: nextMessageId() never hands out an id a message had before.
        if (messageId > messageIds.get()) {
            messageIds.accumulateAndGet(messageId, Math::max);
        }
        return append(r, awaited);
    }

    /** Removes (acknowledges) a message from a queue; the message dies when no queue holds it. */
    public CompletableFuture<Void> removeMessage(long queueId, long messageId) {
        return append(remove(queueId, messageId), true);
    }

    /** Like {@link #removeMessage} but nobody waits: the record rides the next force. */
    public void removeMessageLazily(long queueId, long messageId) {
        appendLazily(remove(queueId, messageId));
    }

    private static Record remove(long queueId, long messageId) {
        Record r = new Record(RecordType.REMOVE_MESSAGE);
        r.queueId = queueId;
        r.messageId = messageId;
        return r;
    }

    /** Records a message's delivery count on a queue (recovered with the queue's messages). */
    public CompletableFuture<Void> updateDeliveryCount(long queueId, long messageId, int deliveryCount) {
        return append(deliveryCount(queueId, messageId, deliveryCount), true);
    }

    /** Like {@link #updateDeliveryCount} but nobody waits: the record rides the next force. */
    public void updateDeliveryCountLazily(long queueId, long messageId, int deliveryCount) {
        appendLazily(deliveryCount(queueId, messageId, deliveryCount));
    }

    private static Record deliveryCount(long queueId, long messageId, int deliveryCount) {
        Record r = new Record(RecordType.DELIVERY_COUNT);
        r.queueId = queueId;
        r.messageId = messageId;
        r.deliveryCount = deliveryCount;
        return r;
    }

    /** The journal side of transaction {@code txId}: new, or one recovered as prepared. */
    public StoreTransaction transaction(long txId) {
        return new StoreTransaction(this, txId);
    }

    CompletableFuture<Void> append(Record r, boolean awaited) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(r, awaited, f);
        return f;
    }

    /** Appends a record nobody waits for: it rides the next force; a failure is logged by the completer. */
    private void appendLazily(Record r) {
        submit(r, false, null);
    }

    private void submit(Record r, boolean awaited, CompletableFuture<Void> f) {
        r.future = f;
        r.awaited = awaited;
        if (RecordCodec.payloadSize(r) > options.maxAppendPayload()) {
            r.releaseBody();
            IllegalArgumentException e = new IllegalArgumentException("record of " + RecordCodec.payloadSize(r)
                    + " bytes does not fit in a segment of " + options.segmentSize() + " bytes");
            if (f == null) {
                throw e;
            }
            f.completeExceptionally(e);
            return;
        }
        r.size = RecordCodec.encodedSize(r);
        writer.submit(r);
    }

    /**
     * Reads a message's bytes back (for a paged-out body, or one recovered). The caller owns the returned buffer.
     *
     * @throws StoreException if the message is not in the store, or its record fails its CRC or cannot be read
     */
    public ByteBuf read(long messageId) {
        LiveState.ReadLocation at = locate(messageId);
        try {
            ByteBuffer b = ByteBuffer.allocate(at.size);
            Segment.readFully(at.segment.channel, b, at.offset);
            return body(new RecordCodec(options.maxRecordPayload()), b, 0, at.size, messageId, at);
        } catch (IOException e) {
            throw new StoreIOException("reading message " + messageId + " from " + at.segment.path + ": " + e, e);
        } finally {
            at.segment.release();
        }
    }

    LiveState.ReadLocation locate(long messageId) {
        LiveState.ReadLocation at = new LiveState.ReadLocation();
        state.lock.readLock().lock();
        try {
            if (!state.locate(messageId, at)) {
                throw new StoreException("message " + messageId + " is not in the store " + dir);
            }
        } finally {
            state.lock.readLock().unlock();
        }
        return at;
    }

    /** Checks the record's CRC and id and copies its message bytes into a new buffer. */
    ByteBuf body(RecordCodec codec, ByteBuffer b, int offset, int size, long messageId, LiveState.ReadLocation at) {
        Record r = new Record();
        int result = codec.decode(b, offset, offset + size, r, at.segment.header.crcSeed());
        if (result != size
                || (r.type != RecordType.ADD_MESSAGE && r.type != RecordType.TX_ADD_MESSAGE)
                || r.messageId != messageId) {
            throw new StoreCorruptionException("record of message " + messageId + " in " + at.segment.path
                    + " at offset " + at.offset + " is unreadable: " + RecordCodec.describe(result)
                    + (result > 0 ? " (holds " + r + ")" : ""));
        }
        ByteBuf out = options.allocator().buffer(r.bodyLength);
        out.writeBytes(b.slice(r.bodyOffset, r.bodyLength));
        return out;
    }

    /** A reader with read-ahead ({@link StoreOptions#readAheadBytes()}), for one queue's sequential reads. */
    public MessageReader newReader() {
        return new MessageReader(this, options.readAheadBytes());
    }

    /** Runs a compaction pass now (it also runs by itself); the future completes when the pass has finished. */
    public CompletableFuture<Void> compact() {
        return compactor.requestPass();
    }

    /**
     * True when the appends accepted and not yet completed pass half of {@code maxPendingAppends} or
     * {@code maxPendingBytes}: a caller that can slow its producers (the broker withholds credit) should, before
     * appends are refused with {@link StoreOverloadedException}.
     */
    public boolean busy() {
        return writer.halfFull();
    }

    /**
     * Why the store has failed, or null while it works. A store fails when one of its threads stops on an unexpected
     * error (a defect, or the JVM out of memory): from then on every append is refused with this exception, since the
     * store could no longer promise that what it acknowledges is durable. What was durable before stays intact and
     * is recovered by the next open.
     */
    public StoreIOException failure() {
        return failure.failure();
    }

    public StoreStats stats() {
        state.lock.readLock().lock();
        try {
            long[] counts = state.messageCounts();
            return new StoreStats(
                    state.segments.size(),
                    state.segments.diskBytes(),
                    state.segments.liveBytes(),
                    counts[0],
                    counts[1],
                    writer.pendingAppends(),
                    writer.batches(),
                    writer.forces(),
                    writer.records(),
                    writer.bytesWritten(),
                    compactor.compactions(),
                    compactor.retiredUnread());
        } finally {
            state.lock.readLock().unlock();
        }
    }

    /**
     * Completes every pending append (writing and forcing it), stops the store's threads and releases the lock file.
     * Appends after close fail with {@link StoreClosedException}.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean stopped;
        try {
            // Each waits a bounded time; all are asked, so one stuck thread does not keep the others running.
            stopped = writer.close(StoreThread.CLOSE_TIMEOUT);
            stopped &= compactor.close(StoreThread.CLOSE_TIMEOUT);
            stopped &= allocator.close(StoreThread.CLOSE_TIMEOUT);
            stopped &= completer.close(StoreThread.CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the store", e);
        }
        if (!stopped) {
            // A thread still running may still write: the files stay open and the directory stays locked.
            throw new IOException("the store in " + dir + " did not close: a store thread did not stop (logged)");
        }
        state.lock.writeLock().lock();
        try {
            for (Segment s : state.segments.ordered()) {
                s.retire();
            }
        } finally {
            state.lock.writeLock().unlock();
        }
        lockFile.close();
        LOG.info("closed store {}", dir);
    }
}
