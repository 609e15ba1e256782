package io.ferrymq.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces what the {@link GroupCommitWriter} has written, on a thread of its own, so the writer writes the next batch
 * while the last one is being forced. One force covers every record written before it started: while a force runs,
 * the records written meanwhile gather and the next force takes them all. Forces happen in write order and the
 * {@link Listener} hears of them in that order.
 *
 * <p>After a failed force every record handed over later fails too, without a force, until the writer has repaired
 * the journal and calls {@link #reset()}: a later force must never make records durable that sit after a failed
 * region the writer is about to overwrite.
 */
final class Syncer implements StoreThread.Work {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
    /** Told, on the syncer thread and in write order, what became durable or failed; takes the lists. */
    interface Listener {
        void durable(Segment segment, long end, List<Record> records);

        void failed(IOException error, List<Record> records);
    }

    private final boolean force;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final StoreThread thread;
    private ArrayList<Record> written = new ArrayList<>();
    /** The batch this thread is forcing: failed, if the thread dies with it. This thread only. */
    private List<Record> inHand = List.of();

    private Segment segment;
    private long end;
    private long deadline = Long.MAX_VALUE;
    private boolean urgent;
    private boolean busy;
    private boolean closed;
    private IOException failure;
    /** Set when this thread died: records handed over fail at once, no force will come. */
    private StoreIOException dead;

    private volatile long forces;

    /** @param force false for {@link SyncPolicy#NEVER}: records are durable once written */
    Syncer(boolean force, Listener listener, StoreFailure storeFailure) {
        this.force = force;
        this.listener = listener;
        this.thread = new StoreThread("ferry-store-syncer", false, this, storeFailure);
    }

    void start() {
        thread.start();
    }

    long forces() {
        return forces;
    }

    /** The writer wrote {@code records}, ending at {@code end} of {@code segment}; force them by {@code due}. */
    void written(List<Record> records, Segment segment, long end, long due) {
        StoreIOException gone;
        lock.lock();
        try {
            gone = dead;
            if (gone == null) {
                written.addAll(records);
                this.segment = segment;
                this.end = end;
                if (due - deadline < 0) {
                    deadline = due;
                }
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        if (gone != null) {
            listener.failed(new IOException(gone.getMessage(), gone), records);
        }
    }

    /** Forces everything handed over now, whatever its deadline, and waits until it is done. */
    void drain() throws InterruptedException {
        lock.lock();
        try {
            urgent = true;
            work.signal();
            while (busy || !written.isEmpty()) {
                idle.await();
            }
            urgent = false;
        } finally {
            lock.unlock();
        }
    }

    /** The writer has repaired the journal after a failure: forces may go on. */
    void reset() {
        lock.lock();
        try {
            failure = null;
        } finally {
            lock.unlock();
        }
    }

    /** Forces what was handed over and stops the thread; false if it did not stop in time. Idempotent. */
    boolean close(Duration timeout) throws InterruptedException {
        drain();
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        return thread.join(timeout);
    }

    /** One force: waits for records and their deadline (or {@link #drain}), forces them and reports them. */
    @Override
    public boolean doWork() throws InterruptedException {
        ArrayList<Record> batch;
        Segment seg;
        long batchEnd;
        IOException failedBefore;
        lock.lock();
        try {
            while (!closed && (written.isEmpty() || (!urgent && System.nanoTime() - deadline < 0))) {
                if (written.isEmpty()) {
                    work.await();
                } else {
                    work.awaitNanos(deadline - System.nanoTime());
                }
            }
            if (written.isEmpty()) {
                return false;
            }
            batch = written;
            written = new ArrayList<>();
            seg = segment;
            batchEnd = end;
            deadline = Long.MAX_VALUE;
            failedBefore = failure;
            busy = true;
        } finally {
            lock.unlock();
        }
        inHand = batch;
        forceAndReport(batch, seg, batchEnd, failedBefore);
        inHand = List.of();
        return true;
    }

    /** This thread died: what waits for a force fails, and so does whatever is handed over later. */
    @Override
    public void fail(StoreIOException error) {
        ArrayList<Record> orphans = new ArrayList<>(inHand);
        lock.lock();
        try {
            dead = error;
            closed = true;
            orphans.addAll(written);
            written = new ArrayList<>();
            busy = false;
            idle.signalAll();
        } finally {
            lock.unlock();
        }
        if (!orphans.isEmpty()) {
            listener.failed(new IOException(error.getMessage(), error), orphans);
        }
    }

    /**
     * Forces {@code records}, and whatever was handed over earlier and waits for its deadline, on the caller's thread
     * (the writer's): a small batch due at once needs no hand-off to this thread. If a force is running, waits for
     * it first; what arrives meanwhile gathers for the writer's next batch, and no producer wakes the writer for it.
     * Returns false, doing nothing, once closed; the writer hands the batch over with {@link #written} instead.
     */
    boolean forceNow(List<Record> records, Segment segment, long end) throws InterruptedException {
        IOException failedBefore;
        List<Record> all;
        lock.lock();
        try {
            while (busy && !closed) {
                idle.await();
            }
            if (closed) {
                return false;
            }
            if (written.isEmpty()) {
                all = records;
            } else {
                // Written before these, in the same segment (a roll drains this syncer first): one force covers both.
                written.addAll(records);
                all = written;
                written = new ArrayList<>();
                deadline = Long.MAX_VALUE;
            }
            busy = true;
            failedBefore = failure;
        } finally {
            lock.unlock();
        }
        forceAndReport(all, segment, end, failedBefore);
        return true;
    }

    private void forceAndReport(List<Record> batch, Segment seg, long batchEnd, IOException failedBefore) {
        IOException error = failedBefore;
        try {
            if (error == null && force) {
                try {
                    seg.channel.force(false);
                    forces++;
                } catch (IOException e) {
                    error = e;
                }
            }
            error = report(batch, seg, batchEnd, error);
        } finally {
            // Whatever happened, no longer busy: drain() and forceNow() must not wait for ever.
            lock.lock();
            try {
                if (error != null) {
                    failure = error;
                }
                busy = false;
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tells the listener; returns the error the batch ended with, if any. */
    private IOException report(List<Record> batch, Segment seg, long batchEnd, IOException error) {
        try {
            if (error == null) {
                listener.durable(seg, batchEnd, batch);
            } else {
                listener.failed(error, batch);
            }
            return error;
        } catch (RuntimeException | Error e) {
            // A defect in what completes the appends: the store cannot say what became durable, so the batch and
            // everything after it fail (as after a failed force) instead of this thread dying with busy set and
            // drain() and forceNow() waiting for ever.
            LOG.error("the journal's durability listener failed; appends fail until the journal is repaired", e);
            IOException failed = new IOException("completing appends failed: " + e, e);
            try {
                listener.failed(failed, batch);
            } catch (RuntimeException | Error again) {
                LOG.error("failing the appends failed too", again);
            }
            return failed;
        }
    }
}
