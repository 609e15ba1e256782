package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Names of segment files and the small file operations the journal needs to be crash-safe. */
final class SegmentFiles {
    static final String SUFFIX = ".seg";
    static final String TMP_SUFFIX = ".seg.tmp";
    private static final long ZERO_STEP = 4 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private SegmentFiles() {}

    static Path path(Path dir, int fileId) {
        return dir.resolve(String.format("%010d%s", fileId, SUFFIX));
    }

    static Path tmpPath(Path dir, int fileId) {
        return dir.resolve(String.format("%010d%s", fileId, TMP_SUFFIX));
    }

    /** Writes all of {@code src} at {@code position}; returns the position after it. */
    static long writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        while (src.hasRemaining()) {
            position += ch.write(src, position);
        }
        return position;
    }

    /** Writes zeros over [from, to). */
    static void zero(FileChannel ch, long from, long to) throws IOException {
        while (from < to) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), to - from));
            from = writeFully(ch, z, from);
        }
    }

    /** Makes a rename or delete in {@code dir} durable (POSIX needs an fsync of the directory for that). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Creates a complete segment file: written as {@code .seg.tmp} (header, then zeros up to {@code size} so its
     * blocks are allocated and a later fdatasync has no metadata to flush), forced, then renamed into place. A crash
     * leaves either no segment or a whole one. The zero-fill is paced by {@code pacer} (null: flat out). While
     * the pacer reports the journal busy the zeros are not forced until the end: a force of a few megabytes of
     * zeros stalls the journal's own forces behind it; while it is idle they are forced every {@value #ZERO_STEP}
     * bytes, so the last force is short.
     */
    static Segment create(Path dir, SegmentHeader header, long size, ZeroFillPacer pacer) throws IOException {
        Path tmp = tmpPath(dir, header.fileId());
        Path path = path(dir, header.fileId());
        FileChannel ch =
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeFully(ch, header.encode(), 0);
            long unforced = 0;
            for (long from = SegmentHeader.SIZE; from < size; ) {
                boolean idle = pacer == null || pacer.awaitTurn(from - SegmentHeader.SIZE);
                long to = Math.min(size, from + ZEROS.capacity());
                zero(ch, from, to);
                unforced += to - from;
                from = to;
                if (idle && unforced >= ZERO_STEP) {
                    ch.force(false);
                    unforced = 0;
                }
            }
            ch.force(true);
            Files.move(tmp, path);
            syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Segment(path, header, ch, size, SegmentHeader.SIZE, false);
    }
}
