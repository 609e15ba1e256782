package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 64-byte header at the start of every segment file (docs/store.md, "Segment files"):
 *
 * <pre>
 *   offset  0  4 bytes  magic "FRYJ"
 *   offset  4  int16    format version (2; 1 is read too)
 *   offset  6  int16    header size (64)
 *   offset  8  int64    file id (unique, never reused; also the file name)
 *   offset 16  int64    first ordering key covered
 *   offset 24  int64    last ordering key covered
 *   offset 32  uint8    1 if the file is the output of a compaction (never appended to), else 0
 *   offset 33  uint8    1 if the file was recycled: bytes after its last record may be records of its earlier use
 *   offset 34  int32    a recycled file's id in its earlier use (the seed of the records it left), else 0
 *   offset 38  22 bytes zero
 *   offset 60  int32    CRC32C of bytes 0..59
 * </pre>
 *
 * A segment created for appending covers one key, its own file id. A compaction output covers the key range of the
 * segments it replaces; recovery drops any file whose range lies inside the range of a file with a larger id.
 *
 * <p>Version 2 seeds every record's CRC32C with the file id ({@link #crcSeed()}), so that when a file is recycled
 * under a new id the records of its earlier use fail their check and are never taken for new ones. Version 1 files
 * (unseeded) are still read; new files are written as version 2.
 */
record SegmentHeader(
        int fileId, long firstKey, long lastKey, boolean compacted, boolean recycled, short version, int previousId) {
    static final int SIZE = 64;
    static final int MAGIC = 0x46_52_59_4A; // "FRYJ"
    static final short VERSION = 2;

    /** A header of the current version, for a file not recycled. */
    SegmentHeader(int fileId, long firstKey, long lastKey, boolean compacted) {
        this(fileId, firstKey, lastKey, compacted, false, VERSION, 0);
    }

    /** The header of a segment file recycled as {@code fileId}, having been {@code previousId} (0 if not known). */
    static SegmentHeader recycled(int fileId, int previousId) {
        return new SegmentHeader(fileId, fileId, fileId, false, true, VERSION, previousId);
    }

    /** The seed of the records the file's earlier use left (a recycled file's), or 0 when not known. */
    int previousCrcSeed() {
        return recycled && version >= 2 ? previousId : 0;
    }

    /** The seed of this file's record checksums: its id from version 2 on, 0 (none) before. */
    int crcSeed() {
        return version >= 2 ? fileId : 0;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC)
                .putShort(version)
                .putShort((short) SIZE)
                .putLong(fileId)
                .putLong(firstKey)
                .putLong(lastKey)
                .put((byte) (compacted ? 1 : 0))
                .put((byte) (recycled ? 1 : 0))
                .putInt(previousId);
        b.putInt(60, crc(b));
        return b.clear();
    }

    /** Decodes a header, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    static SegmentHeader decode(ByteBuffer b) {
        if (b.remaining() < SIZE) {
            throw new IllegalArgumentException("file shorter than a segment header");
        }
        b = b.slice(b.position(), SIZE);
        if (b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("bad magic");
        }
        if (b.getInt(60) != crc(b)) {
            throw new IllegalArgumentException("header CRC32C mismatch");
        }
        short version = b.getShort(4);
        if (version < 1 || version > VERSION || b.getShort(6) != SIZE) {
            throw new IllegalArgumentException("unsupported format version " + version);
        }
        long id = b.getLong(8);
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad file id " + id);
        }
        return new SegmentHeader(
                (int) id, b.getLong(16), b.getLong(24), b.get(32) == 1, b.get(33) == 1, version, b.getInt(34));
    }

    private static int crc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.slice(0, 60));
        return (int) c.getValue();
    }

    /** True when this file's key range contains {@code other}'s and this file is the newer one. */
    boolean supersedes(SegmentHeader other) {
        return fileId > other.fileId && firstKey <= other.firstKey && other.lastKey <= lastKey;
    }
}
