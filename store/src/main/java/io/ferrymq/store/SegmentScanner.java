package io.ferrymq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one segment in file order through a sliding read window, and finds where the valid data
 * ends. Where a position holds no valid record, the scanner searches forward, byte by byte, for the next position
 * that does: if one exists the bytes in between are reported as damage and the scan goes on from there; if none
 * does, the scan ends and any non-zero bytes after the last record are reported as trailing bytes. Whether those
 * are a torn tail (to truncate) or lost records is decided by {@link Recovery}, which sees the whole journal. A
 * {@link RecordType#SEGMENT_END} record ends the scan: the writer wrote nothing after it in this use of the file.
 */
final class SegmentScanner {
    /** Receives each valid record; its framed bytes are {@code window[offset, offset + size)}. */
    interface Visitor {
        void record(Record r, long position, int size, ByteBuffer window, int offset) throws IOException;
    }

    /** A span of bytes without a valid record: [position, position + length). */
    record Span(long position, long length, String reason, boolean ofThisUse) {
        Span(long position, long length, String reason) {
            this(position, length, reason, true);
        }
    }

    /**
     * What a scan found. {@code trailing} is null when the segment ends in zeros after its last record, or with a
     * {@link RecordType#SEGMENT_END} record ({@code ended}).
     */
    record Result(long dataEnd, List<Span> damaged, Span trailing, boolean ended) {
        /** Whether trailing bytes in a recycled file start with a record of this use (not of its earlier one). */
        boolean trailingOfThisUse() {
            return trailing != null && trailing.ofThisUse();
        }
    }

    private final FileChannel channel;
    private final int seed;
    private final boolean recycled;
    private final int previousSeed;
    private final long end;
    private final RecordCodec codec;
    private ByteBuffer window;
    private long windowStart;
    private int windowLength;
    private final Record record = new Record();

    SegmentScanner(Segment segment, long end, RecordCodec codec, int windowSize) {
        this.channel = segment.channel;
        this.seed = segment.header.crcSeed();
        this.recycled = segment.header.recycled();
        this.previousSeed = segment.header.previousCrcSeed();
        this.end = end;
        this.codec = codec;
        this.window = ByteBuffer.allocate(windowSize); // on the heap: the search for records reads its array
    }

    Result scan(long start, Visitor visitor) throws IOException {
        List<Span> damaged = new ArrayList<>();
        long pos = start;
        long dataEnd = start;
        while (pos < end) {
            int result = decodeAt(pos);
            if (result > 0) {
                visitor.record(record, pos, result, window, (int) (pos - windowStart));
                pos += result;
                dataEnd = pos;
                if (record.type == RecordType.SEGMENT_END) {
                    // The writer moved on: nothing after this was written in this use of the file.
                    return new Result(dataEnd, damaged, null, true);
                }
                continue;
            }
            long[] found = resync(pos);
            long next = found[0];
            if (next >= 0 && recycled) {
                int size = decodeAt(next);
                if (!followed(next, size)) {
                    // In a recycled file the bytes past this use's data are records of its earlier use, each of
                    // which passes the new seed's check with odds of 2^-32: one found alone is not taken for a
                    // record of this use. Reported, since a record of this use after damage would look the same.
                    damaged.add(new Span(
                            pos,
                            next + size - pos,
                            RecordCodec.describe(result)
                                    + ", then one valid-looking record that no other follows: in a recycled file it may be"
                                    + " from the file's earlier use, so neither is applied"));
                    return new Result(dataEnd, damaged, null, false);
                }
            }
            if (next >= 0) {
                damaged.add(new Span(pos, next - pos, RecordCodec.describe(result) + held(pos, next)));
                pos = next;
                continue;
            }
            long nonZeroEnd = found[1];
            Span trailing = nonZeroEnd > pos
                    ? new Span(pos, nonZeroEnd - pos, RecordCodec.describe(result) + held(pos, nonZeroEnd))
                    : null;
            if (trailing != null && recycled) {
                trailing = recycledTrailing(pos, result, trailing);
            }
            return new Result(dataEnd, damaged, trailing, false);
        }
        return new Result(dataEnd, damaged, null, false);
    }

    /**
     * True if the valid record of {@code size} bytes at {@code at}, just decoded into {@code record}, is followed by
     * another valid one, ends the file's data, or is its end.
     */
    private boolean followed(long at, int size) throws IOException {
        if (record.type == RecordType.SEGMENT_END || at + size >= end) {
            return true;
        }
        return decodeAt(at + size) > 0;
    }

    /**
     * Looks for the next valid record after the invalid position {@code from}. Every byte position is a candidate, so
     * the loop runs over the read window's array with cheap tests first (a type code in the header's fifth byte, then
     * {@link RecordCodec#plausible}: the lengths the payload gives) and decodes, checksum included, only what passes
     * them; runs of zeros are crossed at vector speed. Decoding every position, recovering a recycled active segment
     * with little new data (63 MiB of its earlier use's bytes to search) took 3 s (RecoveryBenchmark, "steady, 1,000
     * left").
     *
     * @return {position of the next valid record or -1, end of the last non-zero bytes after {@code from} when none}
     */
    private long[] resync(long from) throws IOException {
        long q = from + 1;
        // A header needs 9 bytes; the smallest record is 17.
        outer:
        while (q + MIN_RECORD <= end) {
            if (q < windowStart || q + MIN_RECORD > windowStart + windowLength) {
                ensure(q, (int) Math.min(window.capacity(), end - q));
            }
            byte[] a = window.array();
            int last = windowLength - MIN_RECORD;
            int i = (int) (q - windowStart);
            while (i <= last) {
                byte code = a[i + 4];
                if (code == 0) {
                    // No record starts here; eight zeros from i mean none starts before the run of zeros ends.
                    i = window.getLong(i) == 0 ? Math.max(i + 1, firstNonZero(i + 8) - 7) : i + 1;
                    continue;
                }
                if (RecordType.of(code) != null && codec.plausible(window, i, windowLength)) {
                    long pos = windowStart + i;
                    int earlier = previousSeed == 0 ? 0 : decodeAt(pos, previousSeed);
                    if (earlier > 0) {
                        // A whole record of the file's earlier use: this use wrote nothing in it (the checksum says
                        // its bytes are as the earlier use left them), so no record of this use starts inside it.
                        q = pos + earlier;
                        continue outer;
                    }
                    if (decodeAt(pos) > 0) {
                        return new long[] {pos, -1};
                    }
                    q = pos + 1; // the decode may have moved the window
                    continue outer;
                }
                i++;
            }
            q = windowStart + i;
        }
        return new long[] {-1, nonZeroEnd(from)};
    }

    private static final int MIN_RECORD = RecordCodec.HEADER_SIZE + 8;

    /** One past the last non-zero byte after {@code from}, or {@code from}: read backwards from the end. */
    private long nonZeroEnd(long from) throws IOException {
        long chunkEnd = end;
        while (chunkEnd > from) {
            long chunkStart = Math.max(from, chunkEnd - window.capacity());
            ensure(chunkStart, (int) (chunkEnd - chunkStart));
            int lo = (int) (chunkStart - windowStart);
            int hi = (int) (chunkEnd - windowStart);
            if (firstNonZero(lo) < hi) {
                byte[] a = window.array();
                for (int k = hi - 1; k >= lo; k--) {
                    if (a[k] != 0) {
                        return windowStart + k + 1;
                    }
                }
            }
            chunkEnd = chunkStart;
        }
        return from;
    }

    /**
     * Bytes after the last valid record of a recycled file are the earlier use's (no record of this use follows, and
     * none can), unless a record of this use starts there that was cut short or damaged: its framing holds, and it
     * fails its check under the earlier use's seed as well as this one's. Then only that record is the span: what
     * lies after it is the earlier use's. Without the earlier id (files recycled before it was kept) they are taken
     * for the earlier use's, as before.
     */
    private Span recycledTrailing(long pos, int result, Span trailing) throws IOException {
        if (previousSeed == 0) {
            return new Span(trailing.position(), trailing.length(), trailing.reason(), false);
        }
        ensure(pos, (int) Math.min(RecordCodec.HEADER_SIZE, end - pos));
        if (end - pos < RecordCodec.HEADER_SIZE) {
            return new Span(trailing.position(), trailing.length(), trailing.reason(), false);
        }
        if (!codec.plausible(window, (int) (pos - windowStart), windowLength)) {
            return new Span(trailing.position(), trailing.length(), trailing.reason(), false);
        }
        int payload = window.getInt((int) (pos - windowStart));
        long size = Math.min(RecordCodec.HEADER_SIZE + (long) payload, end - pos);
        ensure(pos, (int) size);
        if (codec.decode(window, (int) (pos - windowStart), windowLength, new Record(), previousSeed) > 0) {
            return new Span(trailing.position(), trailing.length(), trailing.reason(), false);
        }
        return new Span(
                pos,
                size,
                RecordCodec.describe(result) + held(pos, pos + size)
                        + " (a record of this use of the recycled file: it fails its check under the earlier id too)",
                true);
    }

    /** Records described at most, per span: a report says what was lost without growing with the damage. */
    static final int MAX_DESCRIBED = 10;

    /**
     * What the unreadable bytes [from, to) seem to have held: the records whose framing still holds, read one after
     * another from {@code from} without their checksums (so "unverified"), or nothing when not even the first one's
     * does.
     */
    private String held(long from, long to) throws IOException {
        StringBuilder s = new StringBuilder();
        Record r = new Record();
        long p = from;
        int n = 0;
        while (p < to) {
            int available = (int) Math.min(window.capacity(), to - p);
            ensure(p, Math.min(available, RecordCodec.HEADER_SIZE));
            if (to - p < RecordCodec.HEADER_SIZE) {
                break;
            }
            int payload = window.getInt((int) (p - windowStart));
            RecordType type = RecordType.of(window.get((int) (p - windowStart) + 4));
            if (payload < 0 || payload > codec.maxPayload() || type == null) {
                break;
            }
            if (RecordCodec.HEADER_SIZE + (long) payload > to - p) {
                s.append(n == 0 ? "; it seems to have held (unverified) " : "; ")
                        .append("the first ")
                        .append(to - p)
                        .append(" bytes of a record (")
                        .append(type)
                        .append(") of ")
                        .append(RecordCodec.HEADER_SIZE + payload)
                        .append(" bytes");
                n++;
                break;
            }
            ensure(p, RecordCodec.HEADER_SIZE + payload);
            int size = codec.decodeUnverified(window, (int) (p - windowStart), windowLength, r);
            if (size <= 0) {
                break;
            }
            if (n == MAX_DESCRIBED) {
                s.append("; and more");
                break;
            }
            s.append(n == 0 ? "; it seems to have held (unverified) " : "; ").append(r);
            n++;
            p += size;
        }
        return n == 0 ? "; what it held cannot be read" : s.toString();
    }

    private int decodeAt(long pos) throws IOException {
        return decodeAt(pos, seed);
    }

    /** Decodes the record at {@code pos} into {@link #record}, its checksum seeded with {@code crcSeed}. */
    private int decodeAt(long pos, int crcSeed) throws IOException {
        long available = end - pos;
        if (available >= RecordCodec.HEADER_SIZE) {
            ensure(pos, RecordCodec.HEADER_SIZE);
            int at = (int) (pos - windowStart);
            int payload = window.getInt(at);
            // The payload is read in only for a plausible header: searching past damage (or through what a recycled
            // file's earlier use left) tries every byte offset, and most fail on their type code.
            if (RecordType.of(window.get(at + 4)) != null
                    && payload >= 0
                    && payload <= codec.maxPayload()
                    && RecordCodec.HEADER_SIZE + (long) payload <= available) {
                ensure(pos, RecordCodec.HEADER_SIZE + payload);
            }
        } else {
            ensure(pos, (int) available);
        }
        return codec.decode(window, (int) (pos - windowStart), windowLength, record, crcSeed);
    }

    private static final ByteBuffer ZEROS = ByteBuffer.allocate(64 * 1024);

    /** The window index of the first non-zero byte at or after {@code from}, or the window's length. */
    private int firstNonZero(int from) {
        int at = from;
        while (at < windowLength) {
            int n = Math.min(windowLength - at, ZEROS.capacity());
            int m = window.slice(at, n).mismatch(ZEROS.slice(0, n));
            if (m >= 0) {
                return at + m;
            }
            at += n;
        }
        return windowLength;
    }

    /** Makes file bytes [pos, pos + n) available in the window (n never reaches past the end). */
    private void ensure(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) {
            return;
        }
        if (n > window.capacity()) {
            window = ByteBuffer.allocate(Math.max(n, window.capacity() * 2));
        }
        int length = (int) Math.min(window.capacity(), end - pos);
        window.clear().limit(length);
        Segment.readFully(channel, window, pos);
        window.clear();
        windowStart = pos;
        windowLength = length;
    }
}
