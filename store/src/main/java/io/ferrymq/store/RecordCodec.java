package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frames journal records (docs/store.md, "Records"). Every record is
 *
 * <pre>
 *   offset 0  int32   payload length n (big-endian)
 *   offset 4  uint8   type code ({@link RecordType})
 *   offset 5  int32   CRC32C of the segment's seed (its file id, 4 bytes; none in format version 1), bytes 0..4
 *                     and the n payload bytes
 *   offset 9  n bytes payload, laid out per type
 * </pre>
 *
 * A header of nine zero bytes is "no record": segments are zero-filled when created, so the scan of a segment
 * ends where its data ends. Decoding checks, in order: that the header and payload lie inside the readable bytes,
 * the type code, the CRC, and finally that the payload's own length fields add up to exactly n.
 */
final class RecordCodec {
    static final int HEADER_SIZE = 9;
    /** Framed size of a {@link RecordType#SEGMENT_END} record, for which every appendable segment keeps room. */
    static final int SEGMENT_END_SIZE = HEADER_SIZE + 8;

    /** {@link #decode} results below 1: the reasons a position holds no valid record. */
    static final int ZERO = 0;

    static final int TRUNCATED = -1;
    static final int BAD_LENGTH = -2;
    static final int BAD_TYPE = -3;
    static final int BAD_CRC = -4;
    static final int MALFORMED = -5;

    private final CRC32C crc = new CRC32C();
    /** The seed and the record's length and type, checksummed in one call. */
    private final byte[] headBytes = new byte[9];

    private final int maxPayload;

    /** @param maxPayload the largest payload a record may have (a record must fit in one segment) */
    RecordCodec(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    static String describe(int result) {
        return switch (result) {
            case ZERO -> "zero-filled bytes where a record header was expected";
            case TRUNCATED -> "record extends past the end of the data (torn write)";
            case BAD_LENGTH -> "invalid record length";
            case BAD_TYPE -> "unknown record type";
            case BAD_CRC -> "CRC32C mismatch";
            case MALFORMED -> "payload fields inconsistent with record length";
            default -> "valid record of " + result + " bytes";
        };
    }

    /** The payload length of {@code r} as it would be encoded. */
    static int payloadSize(Record r) {
        return switch (r.type) {
            case ADD_MESSAGE -> 16 + 8 * r.queueCount + r.bodyLength;
            case TX_ADD_MESSAGE -> 24 + 8 * r.queueCount + r.bodyLength;
            case REMOVE_MESSAGE -> 16;
            case TX_REMOVE_MESSAGE -> 24;
            case DELIVERY_COUNT -> 20;
            case QUEUE_CREATED, SUBSCRIPTION_CREATED, TX_PREPARE -> 12 + r.data.length;
            case QUEUE_DELETED, SUBSCRIPTION_DELETED, TX_COMMIT, TX_ROLLBACK, SEGMENT_END -> 8;
        };
    }

    static int encodedSize(Record r) {
        return HEADER_SIZE + payloadSize(r);
    }

    int maxPayload() {
        return maxPayload;
    }

    /**
     * Writes {@code r} at {@code dst.position()}, its checksum seeded with {@code seed} (the segment's
     * {@link SegmentHeader#crcSeed()}), and advances the position past it. The message bytes are read from
     * {@code r.body} without changing its indexes.
     */
    void encode(Record r, ByteBuffer dst, int seed) {
        int start = dst.position();
        int payload = payloadSize(r);
        dst.putInt(payload).put(r.type.code).putInt(0);
        switch (r.type) {
            case ADD_MESSAGE -> putAdd(r, dst);
            case TX_ADD_MESSAGE -> putAdd(r, dst.putLong(r.txId));
            case REMOVE_MESSAGE -> dst.putLong(r.queueId).putLong(r.messageId);
            case TX_REMOVE_MESSAGE -> dst.putLong(r.txId).putLong(r.queueId).putLong(r.messageId);
            case DELIVERY_COUNT -> dst.putLong(r.queueId).putLong(r.messageId).putInt(r.deliveryCount);
            case QUEUE_CREATED, SUBSCRIPTION_CREATED ->
                dst.putLong(r.entityId).putInt(r.data.length).put(r.data);
            case TX_PREPARE -> dst.putLong(r.txId).putInt(r.data.length).put(r.data);
            case QUEUE_DELETED, SUBSCRIPTION_DELETED -> dst.putLong(r.entityId);
            case TX_COMMIT, TX_ROLLBACK -> dst.putLong(r.txId);
            case SEGMENT_END -> dst.putLong(r.entityId);
        }
        dst.putInt(start + 5, checksum(dst, start, payload, seed));
    }

    private static void putAdd(Record r, ByteBuffer dst) {
        dst.putLong(r.messageId).putInt(r.queueCount);
        for (int i = 0; i < r.queueCount; i++) {
            dst.putLong(r.queueIds[i]);
        }
        dst.putInt(r.bodyLength);
        int at = dst.position();
        r.body.getBytes(r.body.readerIndex(), dst.slice(at, r.bodyLength));
        dst.position(at + r.bodyLength);
    }

    /**
     * CRC32C over the seed (if not 0), the length and type (5 bytes) and the payload of the record at {@code start}:
     * two calls into the CRC, no buffer views (this runs for every record written, read back and compacted).
     */
    int checksum(ByteBuffer buf, int start, int payload, int seed) {
        byte[] head = headBytes;
        int n = 0;
        if (seed != 0) {
            head[0] = (byte) (seed >>> 24);
            head[1] = (byte) (seed >>> 16);
            head[2] = (byte) (seed >>> 8);
            head[3] = (byte) seed;
            n = 4;
        }
        buf.get(start, head, n, 5);
        crc.reset();
        crc.update(head, 0, n + 5);
        int from = start + HEADER_SIZE;
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + from, payload);
        } else {
            int position = buf.position();
            int limit = buf.limit();
            buf.limit(from + payload).position(from);
            crc.update(buf);
            buf.limit(limit).position(position);
        }
        return (int) crc.getValue();
    }

    /**
     * Decodes the record at {@code pos}, reading no byte at or after {@code limit}; its checksum must have been seeded
     * with {@code seed}.
     *
     * @return the record's framed size (&gt; 0) with {@code out} filled in (message bytes as
     *     {@code out.bodyOffset}/{@code out.bodyLength}, not copied), or one of {@link #ZERO}, {@link #TRUNCATED},
     *     {@link #BAD_LENGTH}, {@link #BAD_TYPE}, {@link #BAD_CRC}, {@link #MALFORMED}
     */
    int decode(ByteBuffer buf, int pos, int limit, Record out, int seed) {
        if (limit - pos < HEADER_SIZE) {
            return allZero(buf, pos, limit) ? ZERO : TRUNCATED;
        }
        int payload = buf.getInt(pos);
        byte code = buf.get(pos + 4);
        int storedCrc = buf.getInt(pos + 5);
        if (payload == 0 && code == 0 && storedCrc == 0) {
            return ZERO;
        }
        if (payload < 8 || payload > maxPayload) {
            return BAD_LENGTH;
        }
        RecordType type = RecordType.of(code);
        if (type == null) {
            return BAD_TYPE;
        }
        if (payload > limit - pos - HEADER_SIZE) {
            return TRUNCATED;
        }
        if (checksum(buf, pos, payload, seed) != storedCrc) {
            return BAD_CRC;
        }
        out.type = type;
        return parsePayload(buf, pos + HEADER_SIZE, payload, out) ? HEADER_SIZE + payload : MALFORMED;
    }

    /**
     * Reads the record at {@code pos} as {@link #decode} does but without checking its CRC: what a damaged record
     * seems to have held, for the report of what recovery dropped. Returns its framed size with {@code out} filled
     * in, or a result below 1 when not even its framing holds.
     */
    int decodeUnverified(ByteBuffer buf, int pos, int limit, Record out) {
        if (limit - pos < HEADER_SIZE) {
            return TRUNCATED;
        }
        int payload = buf.getInt(pos);
        RecordType type = RecordType.of(buf.get(pos + 4));
        if (payload < 8 || payload > maxPayload || payload > limit - pos - HEADER_SIZE) {
            return BAD_LENGTH;
        }
        if (type == null) {
            return BAD_TYPE;
        }
        out.type = type;
        return parsePayload(buf, pos + HEADER_SIZE, payload, out) ? HEADER_SIZE + payload : MALFORMED;
    }

    /**
     * Whether a record could start at {@code pos}, judged from its header and the length fields of its payload that
     * lie before {@code limit}, without the checksum (which needs the whole payload read). A search through unreadable
     * bytes tries every position: bytes that only happen to hold a type code and a plausible length (a message body's,
     * say) would each make it read up to the largest payload, and recovering a recycled segment's stale bytes took
     * seconds. The payload's own lengths rule nearly all of those out. True when undecided (fields past the limit).
     */
    boolean plausible(ByteBuffer b, int pos, int limit) {
        if (limit - pos < HEADER_SIZE) {
            return false;
        }
        int n = b.getInt(pos);
        RecordType type = RecordType.of(b.get(pos + 4));
        if (type == null || n < 8 || n > maxPayload) {
            return false;
        }
        int p = pos + HEADER_SIZE;
        return switch (type) {
            case REMOVE_MESSAGE -> n == 16;
            case TX_REMOVE_MESSAGE -> n == 24;
            case DELIVERY_COUNT -> n == 20;
            case QUEUE_DELETED, SUBSCRIPTION_DELETED, TX_COMMIT, TX_ROLLBACK, SEGMENT_END -> n == 8;
            case QUEUE_CREATED, SUBSCRIPTION_CREATED, TX_PREPARE ->
                p + 12 > limit || (n >= 12 && b.getInt(p + 8) == n - 12);
            case ADD_MESSAGE -> plausibleAdd(b, p, n, limit);
            case TX_ADD_MESSAGE -> n >= 8 && plausibleAdd(b, p + 8, n - 8, limit);
        };
    }

    private static boolean plausibleAdd(ByteBuffer b, int p, int n, int limit) {
        if (n < 16) {
            return false;
        }
        if (p + 12 > limit) {
            return true;
        }
        int count = b.getInt(p + 8);
        if (count < 0 || count > (n - 16) / 8) {
            return false;
        }
        int at = p + 12 + 8 * count;
        return at + 4 > limit || b.getInt(at) == n - 16 - 8 * count;
    }

    private static boolean allZero(ByteBuffer buf, int pos, int limit) {
        for (int i = pos; i < limit; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean parsePayload(ByteBuffer b, int p, int n, Record out) {
        switch (out.type) {
            case ADD_MESSAGE:
                return parseAdd(b, p, n, out);
            case TX_ADD_MESSAGE:
                out.txId = b.getLong(p);
                return n >= 8 && parseAdd(b, p + 8, n - 8, out);
            case REMOVE_MESSAGE:
                out.queueId = b.getLong(p);
                out.messageId = b.getLong(p + 8);
                return n == 16;
            case TX_REMOVE_MESSAGE:
                out.txId = b.getLong(p);
                out.queueId = b.getLong(p + 8);
                out.messageId = b.getLong(p + 16);
                return n == 24;
            case DELIVERY_COUNT:
                out.queueId = b.getLong(p);
                out.messageId = b.getLong(p + 8);
                out.deliveryCount = b.getInt(p + 16);
                return n == 20;
            case QUEUE_CREATED, SUBSCRIPTION_CREATED:
                out.entityId = b.getLong(p);
                return parseData(b, p + 8, n - 8, out);
            case TX_PREPARE:
                out.txId = b.getLong(p);
                return parseData(b, p + 8, n - 8, out);
            case QUEUE_DELETED, SUBSCRIPTION_DELETED:
                out.entityId = b.getLong(p);
                return n == 8;
            case TX_COMMIT, TX_ROLLBACK:
                out.txId = b.getLong(p);
                return n == 8;
            case SEGMENT_END:
                out.entityId = b.getLong(p);
                return n == 8;
            default:
                return false;
        }
    }

    private static boolean parseAdd(ByteBuffer b, int p, int n, Record out) {
        if (n < 16) {
            return false;
        }
        out.messageId = b.getLong(p);
        int count = b.getInt(p + 8);
        if (count < 0 || count > (n - 16) / 8) {
            return false;
        }
        out.ensureQueueCapacity(count);
        for (int i = 0; i < count; i++) {
            out.queueIds[i] = b.getLong(p + 12 + 8 * i);
        }
        out.queueCount = count;
        int at = p + 12 + 8 * count;
        out.bodyLength = b.getInt(at);
        out.bodyOffset = at + 4;
        return out.bodyLength == n - 16 - 8 * count;
    }

    private static boolean parseData(ByteBuffer b, int p, int n, Record out) {
        if (n < 4) {
            return false;
        }
        int length = b.getInt(p);
        if (length != n - 4) {
            return false;
        }
        out.data = new byte[length];
        b.get(p + 4, out.data);
        return true;
    }
}
