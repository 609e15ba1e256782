package io.ferrymq.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
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
 * <p>Segments compaction has emptied are {@link #recycle recycled}: up to {@value #MAX_FREE} such files are kept
 * (renamed {@code .seg.free}: recovery never reads them, and keeps them for reuse across a restart) and the next
 * segment is made from one of them, header rewritten under a new id, without zero-filling: a journal in a steady
 * state of appends and removes writes each byte once.
 * The records of a file's earlier use stay in it; their checksums are seeded with the earlier id, so they never pass
 * for records of the new one ({@link SegmentHeader#crcSeed()}).
 *
 * <p>An appending segment's ordering key is its file id, so segments must be handed to the writer in the order their
 * ids were taken: one creation at a time ({@code creating}), and the writer waits for a creation already under way
 * rather than starting its own. Two at once once let the writer fill a newer segment before an older spare, and
 * recovery then replayed the spare's records (later appends) first: queue order broken, a remove before its add.
 */
// Closed with a try in tests: close() may be interrupted while it waits for the allocator's thread, as intended.
@SuppressWarnings("try")
final class SegmentAllocator implements AutoCloseable, StoreThread.Work {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAllocator.class);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final int MAX_FREE = 2;
    static final String FREE_SUFFIX = ".seg.free";

    private final Path dir;
    private final int segmentSize;
    private final AtomicInteger fileIds;
    private final DiskBudget budget;
    private final StoreThread thread;
    private ZeroFillPacer pacer;
    private Segment spare;
    private final ArrayDeque<Path> free = new ArrayDeque<>();
    private boolean creating;
    private boolean closed;
    private boolean wanted = true;

    /** @param freeFiles free files recovery found, counted in {@code budget} already: reused first */
    SegmentAllocator(
            Path dir,
            int segmentSize,
            AtomicInteger fileIds,
            DiskBudget budget,
            List<Path> freeFiles,
            StoreFailure storeFailure) {
        this.dir = dir;
        this.free.addAll(freeFiles);
        this.segmentSize = segmentSize;
        this.fileIds = fileIds;
        this.budget = budget;
        this.thread = new StoreThread("ferry-store-allocator", true, this, storeFailure);
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
                if (forNewData && room() < segmentSize) {
                    throw limitReached();
                }
                Segment s = spare;
                spare = null;
                notifyAll();
                return s;
            }
            if (forNewData && room() < 2L * segmentSize) {
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

    /** Disk room for new segments: what the limit leaves, plus the free files (counted as in use) to reuse. */
    private long room() {
        return budget.max() - budget.used() + (long) free.size() * segmentSize;
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
        Path reusable;
        synchronized (this) {
            reusable = free.poll();
        }
        if (reusable != null) {
            return reuse(reusable);
        }
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

    /**
     * Takes a segment compaction has emptied and dropped from the journal, to make a later segment from, if it is
     * appendable-sized, no read holds it and fewer than {@value #MAX_FREE} are kept; the file is renamed
     * {@code .seg.free} at once (a crash leaves nothing recovery would read). False, changing nothing, otherwise:
     * the caller deletes it.
     */
    boolean recycle(Segment s) {
        if (s.fileSize != segmentSize || s.header.compacted()) {
            return false;
        }
        synchronized (this) {
            if (closed || free.size() >= MAX_FREE) {
                return false;
            }
        }
        if (!s.retireIfUnread()) {
            return false;
        }
        Path to = s.path.resolveSibling(String.format("%010d%s", s.fileId(), FREE_SUFFIX));
        try {
            Files.move(s.path, to);
        } catch (IOException e) {
            LOG.warn("could not keep {} for reuse ({}); deleting it", s.path, e.toString());
            return false;
        }
        synchronized (this) {
            free.add(to);
            wanted = true;
            if (pacer != null) {
                pacer.abandon(); // a fill under way gives way to this file
            }
            notifyAll();
        }
        return true;
    }

    /** The id a free file had in the journal, from its name ({@code <id>.seg.free}); 0 if the name does not say. */
    private static int previousId(Path free) {
        String name = free.getFileName().toString();
        try {
            return Integer.parseInt(name.substring(0, name.length() - FREE_SUFFIX.length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    /**
     * Makes a segment from a free file: renamed {@code .seg.tmp}, its header rewritten (recycled, a new id) and
     * forced, renamed into place, the directory forced. A crash before the last rename leaves a temporary file,
     * which recovery deletes.
     */
    private Segment reuse(Path file) throws IOException {
        int id = fileIds.incrementAndGet();
        SegmentHeader header = SegmentHeader.recycled(id, previousId(file));
        Path tmp = SegmentFiles.tmpPath(dir, id);
        Path path = SegmentFiles.path(dir, id);
        FileChannel ch = null;
        try {
            Files.move(file, tmp);
            ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
            SegmentFiles.writeFully(ch, header.encode(), 0);
            ch.force(false);
            Files.move(tmp, path);
            SegmentFiles.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(file);
            budget.release(segmentSize);
            throw e;
        }
        return new Segment(path, header, ch, segmentSize, SegmentHeader.SIZE, false);
    }

    /** Prepares the next spare segment, waiting until one is wanted; false once closed. */
    @Override
    public boolean doWork() {
        synchronized (this) {
            while (!closed && (spare != null || !wanted || creating)) {
                waitQuietly(0);
            }
            if (closed) {
                return false;
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
                    return false;
                }
                spare = s;
            }
        } catch (ZeroFillPacer.Abandoned e) {
            synchronized (this) {
                creating = false; // and at once again, from the freed file
                notifyAll();
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
        return true;
    }

    /** This thread died: a writer waiting for its creation creates a segment itself from now on. */
    @Override
    public void fail(StoreIOException error) {
        synchronized (this) {
            closed = true;
            creating = false;
            notifyAll();
        }
    }

    // A spurious wake-up only means an early look at the spare or an early retry: every caller loops or retries.
    @SuppressWarnings("WaitNotInLoop")
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

    @Override
    public void close() throws InterruptedException {
        close(StoreThread.CLOSE_TIMEOUT);
    }

    /** Stops the thread and deletes the unused spare; false if the thread did not stop within {@code timeout}. */
    boolean close(Duration timeout) throws InterruptedException {
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
        boolean stopped = thread.join(timeout);
        if (s != null) {
            discard(s);
        }
        // Free files stay: the next open reuses them.
        return stopped;
    }

    /** Creating a segment would pass {@link StoreOptions#maxDiskBytes()}. */
    static final class DiskLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskLimitException(String message) {
            super(message);
        }
    }
}
