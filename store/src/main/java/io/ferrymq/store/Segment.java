package io.ferrymq.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file of the journal and its open channel. The writer appends to the one active segment; every other
 * segment is sealed and immutable until compaction replaces it. Readers {@link #retain()} a segment for the length
 * of a read, so that compaction can retire it while a read is in progress: the channel closes when the last
 * reference goes.
 */
final class Segment {
    final Path path;
    final SegmentHeader header;
    final FileChannel channel;
    /** Size of the file on disk (preallocated size, or exact size of a compaction output). */
    final long fileSize;

    /** End of the records readers may see: the stable end of the active segment, the data end of a sealed one. */
    volatile long dataEnd;

    volatile boolean sealed;
    /** When the writer moved on from it ({@code System.nanoTime()}), or 0 for a segment sealed before this run. */
    volatile long sealedAt;
    /** Bytes of records still needed (estimate kept by {@link LiveState}; guarded by its lock). */
    long liveBytes;

    // What the segment holds, kept by LiveState as records are applied (guarded by its lock), so that compaction can
    // retire a segment emptied of live adds without reading it (docs/store.md, "Retiring an emptied segment").
    /** Most message ids {@link #foreignRefs} keeps before the segment counts as {@link #needsScan}. */
    static final int FOREIGN_REFS_LIMIT = 1024;
    /**
     * Only a compaction's scan can tell what of this segment is still needed: a compaction output, or a segment
     * holding a record other than a plain add, remove, delivery count or segment end, a refused record, damage, or
     * more foreign references than are kept.
     */
    boolean needsScan;
    /** Smallest and largest message id of the plain adds here, and how many there are. */
    long minAddId = Long.MAX_VALUE;

    long maxAddId = Long.MIN_VALUE;
    int adds;
    /**
     * Ids of the messages whose remove or delivery count is here while their add was in another segment when it was
     * applied: such a record is needed while that add is on disk.
     */
    LongList foreignRefs;

    private final AtomicInteger refs = new AtomicInteger(1);

    Segment(Path path, SegmentHeader header, FileChannel channel, long fileSize, long dataEnd, boolean sealed) {
        this.path = path;
        this.header = header;
        this.channel = channel;
        this.fileSize = fileSize;
        this.dataEnd = dataEnd;
        this.sealed = sealed;
        this.needsScan = header.compacted();
    }

    static Segment open(Path path, SegmentHeader header, long fileSize) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(path, header, ch, fileSize, SegmentHeader.SIZE, true);
    }

    int fileId() {
        return header.fileId();
    }

    long firstKey() {
        return header.firstKey();
    }

    /** Takes a reference for a read; false when the segment has been retired and closed already. */
    boolean retain() {
        for (; ; ) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            closeQuietly();
        }
    }

    /** Drops the journal's own reference: the channel closes once no read holds the segment. */
    void retire() {
        release();
    }

    /**
     * Drops the journal's own reference if no read holds the segment, closing its channel: true if so, and the file
     * is then the caller's alone (to recycle); false, changing nothing, while a read is in progress.
     */
    boolean retireIfUnread() {
        if (refs.compareAndSet(1, 0)) {
            closeQuietly();
            return true;
        }
        return false;
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a channel we no longer use: nothing to do about a failure
        }
    }

    void noteAdd(long messageId) {
        minAddId = Math.min(minAddId, messageId);
        maxAddId = Math.max(maxAddId, messageId);
        adds++;
    }

    /** A remove or delivery count of a message whose add is in another segment. */
    void noteForeignRef(long messageId) {
        if (needsScan) {
            return;
        }
        if (foreignRefs == null) {
            foreignRefs = new LongList(16);
        }
        if (foreignRefs.size() == FOREIGN_REFS_LIMIT) {
            noteNeedsScan();
            return;
        }
        foreignRefs.add(messageId);
    }

    void noteNeedsScan() {
        needsScan = true;
        foreignRefs = null;
    }

    double liveFraction() {
        return fileSize == 0 ? 0 : (double) liveBytes / fileSize;
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}. */
    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, position);
            if (n < 0) {
                throw new EOFException("end of file at " + position);
            }
            position += n;
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
