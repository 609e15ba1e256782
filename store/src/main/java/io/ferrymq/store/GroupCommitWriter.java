package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the journal. Producers {@link #submit} records from any thread; the writer takes
 * everything pending at once, encodes it into one buffer and writes it with as few calls as the buffer allows, then
 * hands the batch to the {@link Syncer}, which forces it per the {@link SyncPolicy}, applies it to {@link LiveState}
 * and passes it to the {@link Completer}. While a force runs, the writer writes the next batch, and what arrives
 * meanwhile waits for the next force: group commit, with writing and forcing overlapped.
 *
 * <p>Failure: if a write or force fails, every record not yet durable fails, the bytes written for them are
 * overwritten with zeros (so a later recovery cannot mistake them for data) and the write position goes back to the
 * end of the last durable record. Until that repair succeeds, appends fail fast with the same error. Data forced
 * before the failure is never touched.
 */
final class GroupCommitWriter implements Syncer.Listener, StoreThread.Work {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Batches of at most this many bytes, due at once, are forced on the writer's thread and completed there: for
     * them a hand-off to another thread costs more than overlapping their write with the previous force gains. Large
     * enough for a round of 64 appenders of 1 KiB records, which at 64 KiB were forced apart (docs/benchmarks.md,
     * "Design measurements").
     */
    static final int INLINE_FORCE_BYTES = 256 * 1024;

    private final StoreOptions options;
    private final LiveState state;
    private final SegmentAllocator allocator;
    private final Completer completer;
    private final Syncer syncer;
    private final Runnable onSeal;
    private final RecordCodec codec;
    private final ByteBuffer buffer;
    private final long intervalNanos;
    private final StoreFailure storeFailure;
    private final StoreThread thread;

    // Hand-off from producers, and failures reported by the syncer; guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private ArrayList<Record> incoming = new ArrayList<>();
    private ArrayList<Record> spareList = new ArrayList<>();
    private int pendingCount;
    private long pendingBytes;
    private boolean closing;
    private boolean waiting;
    private IOException syncFailure;

    // Writer thread only (stablePos is also written by the syncer, and read here only while it is idle).
    private Segment active;
    /** File position where the buffer's first byte goes. */
    private long bufferStart;
    /** End of the records already durable and applied. */
    private volatile long stablePos;
    /** Highest file position written since stablePos: what a repair must zero. */
    private long writtenHigh;
    /** The records taken from producers and being written, and the index of the one in hand. */
    private List<Record> taken = List.of();

    private int takenIndex;
    /** Records of the current batch, encoded but not yet handed to the syncer. */
    private final ArrayList<Record> batchRecords = new ArrayList<>();
    /** Framed bytes of batchRecords. */
    private long batchBytes;

    private long batchDeadline = Long.MAX_VALUE;
    private StoreException failure;
    private long nextRepair;
    private long nextAllocation;
    /** Why the last attempt to get a new segment failed; appends needing one fail with it while retries wait. */
    private StoreException rollFailure;

    // Statistics, written by the writer thread only.
    private volatile long batches;
    private volatile long records;
    private volatile long bytesWritten;

    private final Manifest manifest;

    GroupCommitWriter(
            StoreOptions options,
            LiveState state,
            SegmentAllocator allocator,
            Completer completer,
            Segment active,
            long position,
            Runnable onSeal,
            Manifest manifest,
            StoreFailure storeFailure) {
        this.options = options;
        this.manifest = manifest;
        this.state = state;
        this.allocator = allocator;
        this.completer = completer;
        this.onSeal = onSeal;
        this.codec = new RecordCodec(options.maxRecordPayload());
        this.buffer = ByteBuffer.allocateDirect(options.writeBufferSize());
        this.intervalNanos = options.syncInterval().toNanos();
        this.storeFailure = storeFailure;
        this.syncer = new Syncer(options.syncPolicy() != SyncPolicy.NEVER, this, storeFailure);
        this.active = active;
        this.bufferStart = position;
        this.stablePos = position;
        this.writtenHigh = position;
        this.thread = new StoreThread("ferry-store-writer", false, this, storeFailure);
        this.nextAllocation = System.nanoTime();
        this.nextRepair = this.nextAllocation;
    }

    void start() {
        syncer.start();
        thread.start();
    }

    /**
     * Queues a record (its {@code size} set). Records with a future are refused when the pending limits are reached;
     * lazily appended records (no future) are not, since the broker bounds them (they follow its deliveries).
     */
    void submit(Record r) {
        StoreException refused = null;
        lock.lock();
        try {
            StoreIOException failed = storeFailure.failure();
            if (failed != null) {
                refused = failed;
            } else if (closing) {
                refused = new StoreClosedException("store is closed");
            } else if (r.future != null
                    && (pendingCount >= options.maxPendingAppends()
                            || pendingBytes + r.size > options.maxPendingBytes())) {
                refused = new StoreOverloadedException("journal has " + pendingCount + " appends (" + pendingBytes
                        + " bytes) pending, the limit is " + options.maxPendingAppends() + " ("
                        + options.maxPendingBytes() + " bytes)");
            } else {
                incoming.add(r);
                pendingCount++;
                pendingBytes += r.size;
                if (waiting) {
                    wake.signal();
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            r.releaseBody();
            if (r.future == null) {
                throw refused;
            }
            r.future.completeExceptionally(refused);
        }
    }

    int pendingAppends() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

    /** True when the appends pending pass half of either limit, so that callers hold producers back in time. */
    boolean halfFull() {
        lock.lock();
        try {
            return pendingCount >= options.maxPendingAppends() / 2 || pendingBytes >= options.maxPendingBytes() / 2;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting appends, writes and forces what is pending, and waits (up to {@code timeout} for each of the
     * writer and the syncer) for the threads to end; false if one did not. Idempotent.
     */
    boolean close(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        boolean writerStopped = thread.join(timeout);
        return syncer.close(timeout) && writerStopped;
    }

    /** One batch: takes what producers submitted, writes it and has it forced; false once closed and drained. */
    @Override
    public boolean doWork() throws InterruptedException {
        List<Record> batch = take();
        if (batch == null) {
            syncer.drain();
            return false;
        }
        IOException syncError = takeSyncFailure();
        if (syncError != null) {
            handleFailure(syncError, "force");
        }
        if (!batch.isEmpty()) {
            batches++;
            // One clock read for the whole batch: its records were all taken at this moment.
            long now = System.nanoTime();
            taken = batch;
            for (takenIndex = 0; takenIndex < batch.size(); takenIndex++) {
                write(batch.get(takenIndex), now);
            }
            taken = List.of();
            batch.clear();
            endBatch();
        }
        return true;
    }

    /** The writer died: the batch it held and everything submitted since fail, and no more is taken. */
    @Override
    public void fail(StoreIOException error) {
        failAll(batchRecords, error);
        if (takenIndex < taken.size()) {
            failAll(taken.subList(takenIndex, taken.size()), error);
        }
        lock.lock();
        try {
            closing = true;
            failAll(incoming, error);
        } finally {
            lock.unlock();
        }
    }

    private void fail(Record r, StoreException e) {
        r.releaseBody();
        r.failure = e;
        handOver(List.of(r));
    }

    /** Waits for work; returns the pending records (maybe none, when the syncer reported a failure), or null when closed. */
    private List<Record> take() throws InterruptedException {
        lock.lock();
        try {
            while (incoming.isEmpty() && syncFailure == null) {
                if (closing) {
                    return null;
                }
                waiting = true;
                wake.await();
                waiting = false;
            }
            ArrayList<Record> batch = incoming;
            incoming = spareList;
            spareList = batch;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private IOException takeSyncFailure() {
        lock.lock();
        try {
            IOException e = syncFailure;
            syncFailure = null;
            return e;
        } finally {
            lock.unlock();
        }
    }

    private void write(Record r, long now) throws InterruptedException {
        if (failure != null && !repair()) {
            fail(r, failure);
            return;
        }
        if (bufferStart + buffer.position() + r.size > active.fileSize - RecordCodec.SEGMENT_END_SIZE
                && !roll(r.type.addsData())) {
            fail(r, failure != null ? failure : rollFailure);
            return;
        }
        if (r.size > buffer.capacity()) {
            if (!flushBuffer()) {
                fail(r, failure);
                return;
            }
            ByteBuffer large = ByteBuffer.allocate(r.size);
            codec.encode(r, large, active.header.crcSeed());
            r.location = Locations.of(active.fileId(), bufferStart);
            r.releaseBody();
            if (!writeOut(large.flip())) {
                fail(r, failure);
                return;
            }
        } else {
            if (buffer.remaining() < r.size && !flushBuffer()) {
                fail(r, failure);
                return;
            }
            r.location = Locations.of(active.fileId(), bufferStart + buffer.position());
            codec.encode(r, buffer, active.header.crcSeed());
            r.releaseBody();
        }
        batchRecords.add(r);
        batchBytes += r.size;
        records++;
        long due;
        if (options.syncPolicy() == SyncPolicy.NEVER || (r.awaited && options.syncPolicy() == SyncPolicy.ALWAYS)) {
            due = now;
        } else {
            due = now + intervalNanos;
        }
        if (batchRecords.size() == 1 || due - batchDeadline < 0) {
            batchDeadline = due;
        }
    }

    /** Writes out the batch and hands its records to the syncer. */
    private void endBatch() throws InterruptedException {
        if (batchRecords.isEmpty() || !flushBuffer()) {
            return;
        }
        ArrayList<Record> batch = new ArrayList<>(batchRecords);
        // A small batch due now is forced here, after the force running (if any): no hand-off, so a lone producer
        // waits for one force and no more, and what arrives during a force waits without waking anyone. A large one
        // goes to the syncer, and the writer writes the next while it is forced.
        if (batchBytes > INLINE_FORCE_BYTES
                || batchDeadline - System.nanoTime() > 0
                || !syncer.forceNow(batch, active, bufferStart)) {
            syncer.written(batch, active, bufferStart, batchDeadline);
        }
        batchRecords.clear();
        batchBytes = 0;
        batchDeadline = Long.MAX_VALUE;
    }

    /** Writes the buffer at bufferStart; false (and the failure handled) on an I/O error. */
    private boolean flushBuffer() {
        if (buffer.position() == 0) {
            return failure == null;
        }
        buffer.flip();
        boolean ok = writeOut(buffer);
        buffer.clear();
        return ok;
    }

    private boolean writeOut(ByteBuffer src) {
        try {
            while (src.hasRemaining()) {
                int n = active.channel.write(src, bufferStart);
                bufferStart += n;
                bytesWritten += n;
                writtenHigh = Math.max(writtenHigh, bufferStart);
            }
            return true;
        } catch (IOException e) {
            try {
                handleFailure(e, "write");
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handling a write failure", ie);
            }
            return false;
        }
    }

    @Override
    public void durable(Segment segment, long end, List<Record> done) {
        stablePos = end;
        segment.dataEnd = end;
        state.lock.writeLock().lock();
        try {
            for (Record r : done) {
                r.failure = state.apply(r, QueueContents.RUNTIME);
            }
        } finally {
            state.lock.writeLock().unlock();
        }
        handOver(done, true);
    }

    @Override
    public void failed(IOException error, List<Record> done) {
        // The syncer's own death comes as the store's failure: appends fail with that, not as a failed force.
        StoreException err = error.getCause() instanceof StoreIOException dead
                ? dead
                : classify(error, "force failed in " + active.path);
        for (Record r : done) {
            r.failure = err;
        }
        handOver(done);
        lock.lock();
        try {
            if (syncFailure == null) {
                syncFailure = error;
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void handOver(List<Record> done) {
        handOver(done, false);
    }

    /**
     * Counts {@code done} as no longer pending and has it completed: on this thread if {@code mayCompleteHere}, the
     * batch is at most {@link #INLINE_FORCE_BYTES} and the completer is idle.
     */
    private void handOver(List<Record> done, boolean mayCompleteHere) {
        long bytes = 0;
        for (Record r : done) {
            bytes += r.size;
        }
        lock.lock();
        try {
            pendingCount -= done.size();
            pendingBytes -= bytes;
        } finally {
            lock.unlock();
        }
        if (!mayCompleteHere || bytes > INLINE_FORCE_BYTES || !completer.completeHere(done)) {
            completer.complete(done);
        }
    }

    private static void failAll(List<Record> list, StoreException e) {
        for (Record r : list) {
            try {
                r.releaseBody();
            } catch (RuntimeException alreadyReleased) {
                // the very defect that stopped the writer, maybe: the record still fails below
            }
            r.failure = e;
            Completer.completeOne(r);
        }
        list.clear();
    }

    /**
     * Moves to a new segment once everything in the current one is durable. False if none could be had. After an I/O
     * error creating one, records that add data fail fast for a short while instead of retrying at once.
     */
    private boolean roll(boolean forNewData) throws InterruptedException {
        endBatch();
        syncer.drain();
        IOException syncError = takeSyncFailure();
        if (syncError != null) {
            handleFailure(syncError, "force");
        }
        if (failure != null) {
            return false;
        }
        long now = System.nanoTime();
        if (forNewData && now - nextAllocation < 0) {
            return false;
        }
        Segment next;
        try {
            next = allocator.take(forNewData);
        } catch (IOException e) {
            if (!(e instanceof SegmentAllocator.DiskLimitException)) {
                // A real I/O error (a full disk) costs a file creation per attempt: retry at most every 100 ms.
                nextAllocation = now + RETRY_NANOS;
            }
            rollFailure = classify(e, "cannot create a new segment");
            LOG.warn("{}; appends fail until space is available", rollFailure.getMessage());
            return false;
        }
        Segment old = active;
        endSegment(old, next);
        state.lock.writeLock().lock();
        try {
            old.dataEnd = stablePos;
            old.sealed = true;
            old.sealedAt = System.nanoTime();
            state.segments.add(next);
        } finally {
            state.lock.writeLock().unlock();
        }
        manifest.tryUpdate(); // listed before anything is appended to it; if not, read as an unlisted file
        active = next;
        bufferStart = SegmentHeader.SIZE;
        stablePos = SegmentHeader.SIZE;
        writtenHigh = SegmentHeader.SIZE;
        onSeal.run();
        return true;
    }

    /**
     * Writes and forces a {@link RecordType#SEGMENT_END} record after the last record of {@code old}, everything
     * before it durable already: recovery stops reading the file there, since after it may lie records of the file's
     * earlier use. Written only once the next segment is in hand, so no record can follow it in this file. If it
     * fails the roll goes on: the file then reads to its end, and a recycled one's old records fail their checksums.
     */
    private void endSegment(Segment old, Segment next) {
        Record end = new Record(RecordType.SEGMENT_END);
        end.entityId = next.fileId();
        ByteBuffer b = ByteBuffer.allocate(RecordCodec.SEGMENT_END_SIZE);
        codec.encode(end, b, old.header.crcSeed());
        try {
            long after = SegmentFiles.writeFully(old.channel, b.flip(), bufferStart);
            bytesWritten += RecordCodec.SEGMENT_END_SIZE;
            old.channel.force(false);
            bufferStart = after;
            stablePos = after;
        } catch (IOException e) {
            LOG.warn(
                    "could not end segment {} with its end record: {}; recovery will read it to its end",
                    old.path,
                    e.toString());
        }
    }

    /**
     * A write or force failed: waits until the syncer has settled what it holds (forcing it, or failing it after a
     * failed force), fails the records of the current batch, and repairs the journal.
     */
    private void handleFailure(IOException e, String what) throws InterruptedException {
        StoreException err = classify(e, what + " failed in " + active.path + " at offset " + bufferStart);
        LOG.error("{}; failing the appends not yet durable", err.getMessage(), e);
        buffer.clear();
        for (Record r : batchRecords) {
            r.failure = err;
        }
        handOver(new ArrayList<>(batchRecords));
        batchRecords.clear();
        batchBytes = 0;
        batchDeadline = Long.MAX_VALUE;
        syncer.drain();
        takeSyncFailure();
        failure = err;
        nextRepair = System.nanoTime();
        repair();
    }

    /** Overwrites with zeros what failed batches may have written, so the journal ends at its last durable record. */
    private boolean repair() {
        long now = System.nanoTime();
        if (now - nextRepair < 0) {
            return false;
        }
        try {
            SegmentFiles.zero(active.channel, stablePos, writtenHigh);
            if (options.syncPolicy() != SyncPolicy.NEVER) {
                active.channel.force(false);
            }
            writtenHigh = stablePos;
            bufferStart = stablePos;
            syncer.reset();
            LOG.info("journal {} writable again at offset {}", active.path, stablePos);
            failure = null;
            return true;
        } catch (IOException e) {
            nextRepair = now + RETRY_NANOS;
            LOG.debug("journal repair failed: {}", e.toString());
            return false;
        }
    }

    static StoreException classify(IOException e, String what) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof SegmentAllocator.DiskLimitException) {
            return new StoreFullException(m, e);
        }
        if (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("File too large")) {
            return new StoreFullException(what + ": disk full (" + m + ")", e);
        }
        return new StoreIOException(what + ": " + e, e);
    }

    long batches() {
        return batches;
    }

    long forces() {
        return syncer.forces();
    }

    long records() {
        return records;
    }

    long bytesWritten() {
        return bytesWritten;
    }
}
