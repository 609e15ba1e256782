package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites sealed segments whose live bytes fell below {@link StoreOptions#compactionThreshold()} into one smaller
 * file, in the background. A run of adjacent such segments (live bytes together at most one segment) is copied
 * record by record, keeping only what {@link CompactionPass} says is still needed, into {@code <id>.seg.tmp}; the
 * file is forced and renamed into place (its header names the key range it replaces, so recovery drops the sources
 * if the crash comes before they are deleted); then, under the state's write lock, the index is pointed at the new
 * locations and the sources are retired. Appends never wait for it; reads wait only for that short commit.
 *
 * <p>Before that, each pass retires, without reading them, the segments nothing in which is needed any more: the
 * steady state of a queue whose consumers keep up, where every segment empties soon after the writer leaves it and
 * reading it back (every byte the journal wrote, checked again) would be most of the compactor's work.
 */
final class Compactor implements StoreThread.Work {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int MAX_RUN = 16;

    private final Path dir;
    private final StoreOptions options;
    private final LiveState state;
    private final AtomicInteger fileIds;
    private final DiskBudget budget;
    private final Runnable spaceFreed;
    private final Recycler recycler;
    private final StoreThread thread;
    private final long intervalNanos;
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private boolean requested;
    private volatile boolean closed;
    private volatile long compactions;
    private volatile long retiredUnread;

    /** Takes an emptied segment to reuse; false if it did not, and the compactor deletes the file. */
    interface Recycler {
        boolean recycle(Segment s);
    }

    private final Manifest manifest;

    Compactor(
            Path dir,
            StoreOptions options,
            LiveState state,
            AtomicInteger fileIds,
            DiskBudget budget,
            Runnable spaceFreed,
            Recycler recycler,
            Manifest manifest,
            StoreFailure storeFailure) {
        this.dir = dir;
        this.manifest = manifest;
        this.options = options;
        this.state = state;
        this.fileIds = fileIds;
        this.budget = budget;
        this.spaceFreed = spaceFreed;
        this.recycler = recycler;
        this.intervalNanos = options.compactionInterval().toNanos();
        this.thread = new StoreThread("ferry-store-compactor", true, this, storeFailure);
    }

    void start() {
        thread.start();
    }

    long compactions() {
        return compactions;
    }

    /** Segments retired without being read (counted in {@link #compactions} too). */
    long retiredUnread() {
        return retiredUnread;
    }

    /** Wakes the compactor (a segment was sealed). */
    synchronized void wake() {
        requested = true;
        notifyAll();
    }

    /** Runs a pass now; the future completes when it has finished. */
    synchronized CompletableFuture<Void> requestPass() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new StoreClosedException("store is closed"));
            return f;
        }
        waiters.add(f);
        requested = true;
        notifyAll();
        return f;
    }

    /** Stops the thread, after the pass under way if any; false if it did not stop within {@code timeout}. */
    boolean close(Duration timeout) throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        boolean stopped = thread.join(timeout);
        failWaiters(new StoreClosedException("store closed before compaction ran"));
        return stopped;
    }

    /** One pass, when one is asked for or the interval has passed; false once closed. */
    @Override
    public boolean doWork() throws InterruptedException {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            if (!requested && !closed) {
                TimeUnit.NANOSECONDS.timedWait(this, intervalNanos);
            }
            if (closed) {
                return false;
            }
            requested = false;
            done = new ArrayList<>(waiters);
            waiters.clear();
        }
        Throwable error = null;
        try {
            pass(!done.isEmpty());
        } catch (IOException | RuntimeException e) {
            // Compaction only reclaims space: a failed pass leaves the journal as it was, and the next one retries.
            error = e;
            if (closed) {
                LOG.debug("compaction of {} stopped by close", dir);
            } else {
                LOG.warn("compaction of {} failed, will retry: {}", dir, e.toString(), e);
            }
        } catch (Error e) {
            error = e;
            throw e;
        } finally {
            for (CompletableFuture<Void> f : done) {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            }
        }
        return true;
    }

    /** This thread died: passes asked for fail, and later requests fail at once. */
    @Override
    public void fail(StoreIOException error) {
        synchronized (this) {
            closed = true;
        }
        failWaiters(error);
    }

    private synchronized void failWaiters(StoreException error) {
        for (CompletableFuture<Void> f : waiters) {
            f.completeExceptionally(error);
        }
        waiters.clear();
    }

    /**
     * Retires the segments nothing in which is needed any more, unread, then compacts runs of the rest. A pass asked
     * for ({@link #requestPass}) compacts every candidate; a pass of its own leaves alone, for one compaction interval
     * after the writer moved on from it, a segment that may yet empty (a queue's last messages are consumed a moment
     * after the roll): retired unread later, it is not read at all.
     */
    private void pass(boolean requested) throws IOException {
        retireEmptied();
        long grace = requested ? 0 : options.compactionInterval().toNanos();
        for (List<Segment> run : selectRuns(grace)) {
            if (closed) {
                return;
            }
            compact(run);
        }
    }

    /** Runs of adjacent sealed segments below the threshold, each with at most a segment's worth of live bytes. */
    List<List<Segment>> selectRuns() {
        return selectRuns(0);
    }

    /**
     * Like {@link #selectRuns()}, but a segment that may yet empty (nothing in it needs a scan) and that the writer
     * left less than {@code graceNanos} ago is not a candidate.
     */
    List<List<Segment>> selectRuns(long graceNanos) {
        List<List<Segment>> runs = new ArrayList<>();
        long now = System.nanoTime();
        state.lock.readLock().lock();
        try {
            List<Segment> current = new ArrayList<>();
            long live = 0;
            for (Segment s : state.segments.ordered()) {
                boolean mayEmpty = !s.needsScan && s.sealedAt != 0 && now - s.sealedAt < graceNanos;
                boolean candidate =
                        s.sealed && s.liveFraction() < options.compactionThreshold() && !allLive(s) && !mayEmpty;
                if (!candidate || live + s.liveBytes > options.segmentSize() || current.size() == MAX_RUN) {
                    if (!current.isEmpty()) {
                        runs.add(current);
                    }
                    current = new ArrayList<>();
                    live = 0;
                }
                if (candidate) {
                    current.add(s);
                    live += s.liveBytes;
                }
            }
            if (!current.isEmpty()) {
                runs.add(current);
            }
        } finally {
            state.lock.readLock().unlock();
        }
        return runs;
    }

    /**
     * Retires, oldest first, every sealed segment that holds nothing still needed, without reading it
     * (docs/store.md, "Retiring an emptied segment"): {@link LiveState} has noted, as it applied each record, that the
     * segment holds only plain adds, removes and delivery counts, none of its adds is live, and the add of every
     * remove or delivery count that refers to another segment has left the disk. Oldest first, so that a segment whose
     * removes refer to adds in the one before it goes right after that one.
     */
    private void retireEmptied() throws IOException {
        if (options.compactionThreshold() == 0) {
            return; // compaction off: no segment is ever below the threshold, an emptied one included
        }
        // Found under the read lock (a segment's foreign references are up to 1,024 index lookups), checked again
        // under the write lock as each goes. One emptied by a retirement in this pass goes in the next.
        List<Segment> emptied = new ArrayList<>();
        state.lock.readLock().lock();
        try {
            for (Segment s : state.segments.ordered()) {
                if (emptied(s)) {
                    emptied.add(s);
                }
            }
        } finally {
            state.lock.readLock().unlock();
        }
        for (Segment s : emptied) {
            if (closed) {
                return;
            }
            retireIfEmptied(s);
        }
    }

    private void retireIfEmptied(Segment s) throws IOException {
        int entries;
        state.lock.writeLock().lock();
        try {
            if (!emptied(s)) {
                return;
            }
            entries = s.adds == 0 ? 0 : state.index.removeLocatedIn(s.minAddId, s.maxAddId, s.fileId());
            state.segments.remove(s);
        } finally {
            state.lock.writeLock().unlock();
        }
        if (!manifest.tryUpdate()) {
            // Still listed: the file stays (recovery reads it again, as after a crash before its deletion).
            return;
        }
        recycleOrDelete(s);
        // Gone for good before any later segment whose removes this one's adds made needed can go.
        SegmentFiles.syncDirectory(dir);
        compactions++;
        retiredUnread++;
        LOG.debug("retired {} unread: {} adds, {} index entries dropped", s, s.adds, entries);
        spaceFreed.run();
    }

    /** Hands a segment dropped from the journal to the recycler, or deletes its file and releases its space. */
    private void recycleOrDelete(Segment s) throws IOException {
        if (!recycler.recycle(s)) {
            s.retire();
            Files.deleteIfExists(s.path);
            budget.release(s.fileSize);
        }
    }

    /** Whether nothing in segment {@code s} is needed any more, as noted by the live state. Caller holds a lock. */
    private boolean emptied(Segment s) {
        if (!s.sealed || s.needsScan || s.liveBytes != 0) {
            return false;
        }
        if (s.adds > 0 && s.maxAddId - s.minAddId > 4L * s.adds + MessageIndex.CHUNK) {
            // Ids spread thin (other stores' or transactions' ids between them): walking the range would cost more
            // than reading the segment, which a scan then does.
            return false;
        }
        LongList refs = s.foreignRefs;
        if (refs != null) {
            for (int i = 0; i < refs.size(); i++) {
                if (state.index.location(refs.get(i)) != Locations.NONE) {
                    return false; // an add this segment removes is still on disk
                }
            }
        }
        return true;
    }

    /**
     * A compaction output with nothing dead in it: compacting it again would copy it as it is. (A small output's
     * header alone can keep its live fraction under the threshold: one kept queue record, 21 bytes of 85, was
     * rewritten into a new file every pass.)
     */
    private static boolean allLive(Segment s) {
        return s.header.compacted() && s.liveBytes + SegmentHeader.SIZE >= s.fileSize;
    }

    private void compact(List<Segment> run) throws IOException {
        long started = System.nanoTime();
        int outId = fileIds.incrementAndGet();
        SegmentHeader header = new SegmentHeader(
                outId, run.get(0).firstKey(), run.get(run.size() - 1).header.lastKey(), true);
        Path tmp = SegmentFiles.tmpPath(dir, outId);
        Path path = SegmentFiles.path(dir, outId);
        CompactionPass pass = new CompactionPass(state, run);
        RecordCodec codec = new RecordCodec(options.maxRecordPayload());
        FileChannel out =
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size;
        try {
            size = copyLive(run, pass, codec, out, outId, header);
            out.force(true);
            Files.move(tmp, path);
            SegmentFiles.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        budget.add(size);
        Segment output = new Segment(path, header, out, size, size, true);
        long sourceBytes = 0;
        state.lock.writeLock().lock();
        try {
            output.liveBytes = pass.commit();
            for (Segment s : run) {
                state.segments.remove(s);
                sourceBytes += s.fileSize;
            }
            if (pass.keptRecords() > 0) {
                state.segments.add(output);
            }
        } finally {
            state.lock.writeLock().unlock();
        }
        if (!manifest.tryUpdate()) {
            // The sources stay listed, so their files stay: recovery deletes them as superseded by the output.
            return;
        }
        for (Segment s : run) {
            recycleOrDelete(s);
        }
        // The sources are gone (or renamed free) for good before an empty output, which supersedes them, goes.
        SegmentFiles.syncDirectory(dir);
        if (pass.keptRecords() == 0) {
            output.retire();
            Files.deleteIfExists(path);
            budget.release(size);
        }
        compactions++;
        LOG.debug(
                "compacted {} into {}: {} -> {} bytes, {} records kept, {} ms",
                run,
                path.getFileName(),
                sourceBytes,
                size,
                pass.keptRecords(),
                (System.nanoTime() - started) / 1_000_000);
        spaceFreed.run();
    }

    private long copyLive(
            List<Segment> run, CompactionPass pass, RecordCodec codec, FileChannel out, int outId, SegmentHeader header)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        buf.put(header.encode());
        long[] outPos = {SegmentHeader.SIZE};
        long[] flushed = {0};
        for (Segment s : run) {
            if (!s.retain()) {
                throw new IOException("segment " + s + " retired during compaction");
            }
            try {
                SegmentScanner scanner = new SegmentScanner(s, s.dataEnd, codec, 1 << 20);
                SegmentScanner.Result r = scanner.scan(SegmentHeader.SIZE, (rec, pos, size, window, offset) -> {
                    if (closed) {
                        throw new IOException("store closing");
                    }
                    long from = Locations.of(s.fileId(), pos);
                    boolean keep;
                    state.lock.readLock().lock();
                    try {
                        rec.size = size;
                        keep = pass.keep(rec, from, Locations.of(outId, outPos[0]));
                    } finally {
                        state.lock.readLock().unlock();
                    }
                    if (keep) {
                        if (buf.remaining() < size) {
                            flushed[0] = SegmentFiles.writeFully(out, buf.flip(), flushed[0]);
                            buf.clear();
                        }
                        ByteBuffer to = size > buf.capacity() ? ByteBuffer.allocate(size) : buf;
                        int at = to.position();
                        to.put(window.slice(offset, size));
                        // Checked against its source's seed while read; sealed again with the output's.
                        to.putInt(at + 5, codec.checksum(to, at, size - RecordCodec.HEADER_SIZE, header.crcSeed()));
                        if (to != buf) {
                            flushed[0] = SegmentFiles.writeFully(out, to.flip(), flushed[0]);
                        }
                        outPos[0] += size;
                    }
                });
                if (!r.damaged().isEmpty() || r.trailing() != null) {
                    LOG.warn("compaction of {} skipped unreadable bytes: {} {}", s, r.damaged(), r.trailing());
                }
            } finally {
                s.release();
            }
        }
        flushed[0] = SegmentFiles.writeFully(out, buf.flip(), flushed[0]);
        return flushed[0];
    }
}
