package io.ferrymq.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the preallocated segments the writer appends to. A background thread keeps one spare segment ready, so
 * the writer's roll to a new segment is a hand-over, not a 64 MiB write; if no spare is ready the writer creates one
 * itself. The background fill is paced to the journal's own writes ({@link ZeroFillPacer}) so that it does not
 * starve the journal's forces. Creation is refused when it would pass {@link StoreOptions#maxDiskBytes()}.
 *
 * <p>An appending segment's ordering key is its file id, so segments must be handed to the writer in the order their
 * ids were taken: one creation at a time ({@code creating}), and the writer waits for a creation already under way
 * rather than starting its own. Two at once once let the writer fill a newer segment before an older spare, and
 * recovery then replayed the spare's records (later appends) first: queue order broken, a remove before its add.
 */
final class SegmentAllocator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAllocator.class);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Path dir;
    private final int segmentSize;
    private final AtomicInteger fileIds;
    private final DiskBudget budget;
    private final Thread thread;
    private ZeroFillPacer pacer;
    private Segment spare;
    private boolean creating;
    private boolean closed;
    private boolean wanted = true;

    SegmentAllocator(Path dir, int segmentSize, AtomicInteger fileIds, DiskBudget budget) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.fileIds = fileIds;
        this.budget = budget;
        this.thread = new Thread(this::run, "ferry-store-allocator");
        this.thread.setDaemon(true);
    }

    /** Starts the background thread; {@code journalBytes} counts the bytes the writer has written. */
    void start(LongSupplier journalBytes) {
        pacer = new ZeroFillPacer(journalBytes);
        thread.start();
    }

    /**
     * The spare segment if one is ready, else a newly created one. For records that add data
     * ({@code forNewData}), one segment of room must remain after this one, so that when the disk limit is reached the
     * last segment still takes the removes that let compaction free space.
     */
    Segment take(boolean forNewData) throws IOException {
        synchronized (this) {
            while (creating && spare == null) {
                if (pacer != null) {
                    pacer.hurry();
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for a new segment in " + dir);
                }
            }
            if (spare != null) {
                if (forNewData && budget.used() + segmentSize > budget.max()) {
                    throw limitReached();
                }
                Segment s = spare;
                spare = null;
                notifyAll();
                return s;
            }
            if (forNewData && budget.used() + 2L * segmentSize > budget.max()) {
                throw limitReached();
            }
            creating = true;
        }
        try {
            return create();
        } finally {
            synchronized (this) {
                creating = false;
                notifyAll();
            }
        }
    }

    /** Asks the background thread to try again now (for example after compaction freed space). */
    synchronized void nudge() {
        wanted = true;
        notifyAll();
    }

    private DiskLimitException limitReached() {
        return new DiskLimitException("journal in " + dir + " has reached its disk limit of " + budget.max()
                + " bytes (max-disk-bytes): " + budget.used() + " bytes in use, segments of " + segmentSize
                + " bytes; the last segment of room is kept for removes");
    }

    Segment create() throws IOException {
        return create(null);
    }

    private Segment create(ZeroFillPacer pace) throws IOException {
        if (!budget.tryReserve(segmentSize)) {
            throw limitReached();
        }
        int id = fileIds.incrementAndGet();
        try {
            return SegmentFiles.create(dir, new SegmentHeader(id, id, id, false), segmentSize, pace);
        } catch (IOException | RuntimeException e) {
            budget.release(segmentSize);
            throw e;
        }
    }

    private void run() {
        for (;;) {
            synchronized (this) {
                while (!closed && (spare != null || !wanted || creating)) {
                    waitQuietly(0);
                }
                if (closed) {
                    return;
                }
                creating = true;
                // Begun inside the lock: a writer that finds this creation under way asks it to hurry after this.
                pacer.begin();
            }
            try {
                Segment s = create(pacer);
                synchronized (this) {
                    creating = false;
                    notifyAll();
                    if (closed) {
                        discard(s);
                        return;
                    }
                    spare = s;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not prepare a spare segment in {}: {}", dir, e.toString());
                synchronized (this) {
                    creating = false;
                    notifyAll();
                    wanted = false;
                    waitQuietly(RETRY_NANOS);
                    wanted = true;
                }
            }
        }
    }

    private void waitQuietly(long nanos) {
        try {
            if (nanos == 0) {
                wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
        } catch (InterruptedException e) {
            closed = true;
            Thread.currentThread().interrupt();
        }
    }

    private void discard(Segment s) {
        s.closeQuietly();
        try {
            Files.deleteIfExists(s.path);
            budget.release(s.fileSize);
        } catch (IOException e) {
            LOG.warn("could not delete unused spare segment {}: {}", s.path, e.toString());
        }
    }

    /** Stops the thread and deletes the unused spare. */
    @Override
    public void close() throws InterruptedException {
        Segment s;
        if (pacer != null) {
            pacer.stop();
        }
        synchronized (this) {
            closed = true;
            notifyAll();
            s = spare;
            spare = null;
        }
        thread.join();
        if (s != null) {
            discard(s);
        }
    }

    /** Creating a segment would pass {@link StoreOptions#maxDiskBytes()}. */
    static final class DiskLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskLimitException(String message) {
            super(message);
        }
    }
}
