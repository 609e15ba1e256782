package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list of the journal's segment files (docs/store.md, "Manifest"), so that recovery can tell a segment that was
 * removed (retired or compacted away) from one that went missing. Segment ids alone cannot: compaction and retirement
 * leave gaps in them as a matter of course.
 *
 * <p>It is rewritten whenever the set changes, in an order that keeps it a superset of what a crash can have lost:
 * a new segment is listed before anything is appended to it, and a segment is unlisted before its file is deleted or
 * renamed free. A file on disk that the manifest does not list (a crash came between a change and its listing) is
 * read as any other; a listed file that is not on disk is a loss.
 *
 * <p>It also keeps the highest message id the store has taken, so that ids never go back: once every message was
 * consumed and compaction removed their records, recovery found no id on disk and the next message got id 1 again,
 * and a journal holding two messages of one id could bring a consumed one back.
 *
 * <pre>
 *   offset 0      4 bytes  magic "FRYM"
 *   offset 4      int32    format version (2; 1, without the id floor, is read too)
 *   offset 8      int32    count n
 *   offset 12     n int32  segment file ids, in journal order
 *   offset 12+4n  int64    the highest message id taken (version 2)
 *   then          int32    CRC32C of every byte before it
 * </pre>
 *
 * Written to {@code journal.manifest.tmp}, forced, renamed over {@code journal.manifest}, directory forced.
 */
final class Manifest {
    private static final Logger LOG = LoggerFactory.getLogger(Manifest.class);
    static final String FILE = "journal.manifest";
    private static final int MAGIC = 0x46_52_59_4D; // "FRYM"
    private static final int VERSION = 2;

    /** What a manifest says: the segments' file ids, and the highest message id taken (0 if not recorded). */
    record Contents(int[] ids, long messageIdFloor) {}

    private final Path dir;
    private final LiveState state;
    private final LongSupplier highestMessageId;

    Manifest(Path dir, LiveState state, LongSupplier highestMessageId) {
        this.dir = dir;
        this.state = state;
        this.highestMessageId = highestMessageId;
    }

    /**
     * Lists the journal's segments as they are now. Writes are serialized and each takes its snapshot inside, so the
     * last one written lists the newest set.
     */
    synchronized void update() throws IOException {
        List<Segment> segments;
        state.lock.readLock().lock();
        try {
            segments = state.segments.ordered();
        } finally {
            state.lock.readLock().unlock();
        }
        ByteBuffer b = ByteBuffer.allocate(24 + 4 * segments.size());
        b.putInt(MAGIC).putInt(VERSION).putInt(segments.size());
        for (Segment s : segments) {
            b.putInt(s.fileId());
        }
        b.putLong(highestMessageId.getAsLong());
        b.putInt(crc(b.array(), b.position()));
        b.flip();
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SegmentFiles.syncDirectory(dir);
    }

    /**
     * {@link #update()}, saying in the log when it fails: true when written. A caller about to remove a segment's file
     * keeps it when this fails, so that the manifest never lists a file that was removed on purpose.
     */
    boolean tryUpdate() {
        try {
            update();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the journal manifest {}: {}", dir.resolve(FILE), e.toString());
            return false;
        }
    }

    /**
     * What the manifest in {@code dir} says, or null when there is none (a new journal, or one from before manifests).
     *
     * @throws IllegalArgumentException when the file is there but cannot be read as a manifest
     */
    static Contents read(Path dir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 16 || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a journal manifest (" + bytes.length + " bytes)");
        }
        int version = b.getInt(4);
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("unsupported manifest version " + version);
        }
        int n = b.getInt(8);
        long floorBytes = version >= 2 ? 8 : 0;
        if (n < 0 || bytes.length != 16 + 4L * n + floorBytes) {
            throw new IllegalArgumentException("manifest of " + bytes.length + " bytes cannot list " + n + " segments");
        }
        int crcAt = (int) (12 + 4L * n + floorBytes);
        if (b.getInt(crcAt) != crc(bytes, crcAt)) {
            throw new IllegalArgumentException("manifest CRC32C mismatch");
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.getInt(12 + 4 * i);
        }
        return new Contents(ids, version >= 2 ? b.getLong(12 + 4 * n) : 0);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }
}
