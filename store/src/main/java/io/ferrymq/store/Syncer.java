package io.ferrymq.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
final class Syncer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Syncer.class);
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
    private final Thread thread;
    private ArrayList<Record> written = new ArrayList<>();
    private Segment segment;
    private long end;
    private long deadline = Long.MAX_VALUE;
    private boolean urgent;
    private boolean busy;
    private boolean closed;
    private IOException failure;
    private volatile long forces;

    /** @param force false for {@link SyncPolicy#NEVER}: records are durable once written */
    Syncer(boolean force, Listener listener) {
        this.force = force;
        this.listener = listener;
        this.thread = new Thread(this::run, "ferry-store-syncer");
    }

    void start() {
        thread.start();
    }

    long forces() {
        return forces;
    }

    /** The writer wrote {@code records}, ending at {@code end} of {@code segment}; force them by {@code due}. */
    void written(List<Record> records, Segment segment, long end, long due) {
        lock.lock();
        try {
            written.addAll(records);
            this.segment = segment;
            this.end = end;
            if (due - deadline < 0) {
                deadline = due;
            }
            work.signal();
        } finally {
            lock.unlock();
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

    void close() throws InterruptedException {
        drain();
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        thread.join();
    }

    private void run() {
        for (;;) {
            ArrayList<Record> batch;
            Segment seg;
            long batchEnd;
            IOException failedBefore;
            lock.lock();
            try {
                while (!closed && (written.isEmpty() || (!urgent && System.nanoTime() - deadline < 0))) {
                    if (written.isEmpty()) {
                        work.awaitUninterruptibly();
                    } else {
                        work.awaitNanos(deadline - System.nanoTime());
                    }
                }
                if (written.isEmpty()) {
                    return;
                }
                batch = written;
                written = new ArrayList<>();
                seg = segment;
                batchEnd = end;
                deadline = Long.MAX_VALUE;
                failedBefore = failure;
                busy = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            forceAndReport(batch, seg, batchEnd, failedBefore);
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
        if (error == null && force) {
            try {
                seg.channel.force(false);
                forces++;
            } catch (IOException e) {
                error = e;
            }
        }
        try {
            if (error == null) {
                listener.durable(seg, batchEnd, batch);
            } else {
                listener.failed(error, batch);
            }
        } catch (RuntimeException | Error e) {
            // A defect in what completes the appends: the store cannot say what became durable, so the batch and
            // everything after it fail (as after a failed force) instead of this thread dying with busy set and
            // drain() and forceNow() waiting for ever.
            LOG.error("the journal's durability listener failed; appends fail until the journal is repaired", e);
            error = new IOException("completing appends failed: " + e, e);
            try {
                listener.failed(error, batch);
            } catch (RuntimeException | Error again) {
                LOG.error("failing the appends failed too", again);
            }
        } finally {
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
}
