package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    /** The segment's file id, which seeds its records' checksums. */
    private static final int SEED = 0x0A0B0C0D;

    private final RecordCodec codec = new RecordCodec(1 << 20);

    private static Record add(RecordType type) {
        Record r = new Record(type);
        r.txId = 77;
        r.messageId = 123456789L;
        r.setQueues(new long[] {1, 2, 3}, 3);
        r.body = Unpooled.wrappedBuffer("hello journal".getBytes());
        r.bodyLength = r.body.readableBytes();
        return r;
    }

    private static List<Record> oneOfEach() {
        Record remove = new Record(RecordType.REMOVE_MESSAGE);
        remove.queueId = 5;
        remove.messageId = 6;
        Record txRemove = new Record(RecordType.TX_REMOVE_MESSAGE);
        txRemove.txId = 9;
        txRemove.queueId = 5;
        txRemove.messageId = 6;
        Record count = new Record(RecordType.DELIVERY_COUNT);
        count.queueId = 5;
        count.messageId = 6;
        count.deliveryCount = 42;
        Record queue = new Record(RecordType.QUEUE_CREATED);
        queue.entityId = 5;
        queue.data = new byte[] {1, 2, 3};
        Record sub = new Record(RecordType.SUBSCRIPTION_CREATED);
        sub.entityId = 8;
        sub.data = new byte[0];
        Record queueDeleted = new Record(RecordType.QUEUE_DELETED);
        queueDeleted.entityId = 5;
        Record subDeleted = new Record(RecordType.SUBSCRIPTION_DELETED);
        subDeleted.entityId = 8;
        Record prepare = new Record(RecordType.TX_PREPARE);
        prepare.txId = 9;
        prepare.data = "xid".getBytes();
        Record commit = new Record(RecordType.TX_COMMIT);
        commit.txId = 9;
        Record rollback = new Record(RecordType.TX_ROLLBACK);
        rollback.txId = 10;
        Record end = new Record(RecordType.SEGMENT_END);
        end.entityId = 11;
        return List.of(
                add(RecordType.ADD_MESSAGE),
                add(RecordType.TX_ADD_MESSAGE),
                remove,
                txRemove,
                count,
                queue,
                sub,
                queueDeleted,
                subDeleted,
                prepare,
                commit,
                rollback,
                end);
    }

    private ByteBuffer encode(Record r) {
        ByteBuffer b = ByteBuffer.allocate(RecordCodec.encodedSize(r));
        codec.encode(r, b, SEED);
        assertThat(b.position()).isEqualTo(b.capacity());
        return b.flip();
    }

    @Test
    void everyRecordTypeRoundTrips() {
        List<Record> all = oneOfEach();
        assertThat(all).extracting(r -> r.type).containsExactlyInAnyOrder(RecordType.values());
        for (Record in : all) {
            ByteBuffer b = encode(in);
            Record out = new Record();
            assertThat(codec.decode(b, 0, b.limit(), out, SEED))
                    .as("%s", in.type)
                    .isEqualTo(b.limit());
            assertThat(out.type).isEqualTo(in.type);
            assertThat(out.toString()).isEqualTo(in.toString());
            switch (in.type) {
                case ADD_MESSAGE, TX_ADD_MESSAGE -> {
                    assertThat(out.queues()).containsExactly(1, 2, 3);
                    byte[] body = new byte[out.bodyLength];
                    b.get(out.bodyOffset, body);
                    assertThat(new String(body)).isEqualTo("hello journal");
                }
                case DELIVERY_COUNT -> assertThat(out.deliveryCount).isEqualTo(42);
                case QUEUE_CREATED, SUBSCRIPTION_CREATED, TX_PREPARE ->
                    assertThat(out.data).isEqualTo(in.data);
                default -> {}
            }
            if (in.type.isTransactional()) {
                assertThat(out.txId).isEqualTo(in.txId);
            }
        }
    }

    @Test
    void headerLayoutIsLengthTypeCrc() {
        Record commit = new Record(RecordType.TX_COMMIT);
        commit.txId = 0x0102030405060708L;
        ByteBuffer b = encode(commit);
        assertThat(b.limit()).isEqualTo(17);
        assertThat(b.getInt(0)).isEqualTo(8);
        assertThat(b.get(4)).isEqualTo((byte) 11);
        assertThat(b.getLong(9)).isEqualTo(0x0102030405060708L);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(new byte[] {0x0A, 0x0B, 0x0C, 0x0D}, 0, 4); // the seed, big-endian
        crc.update(b.array(), 0, 5);
        crc.update(b.array(), 9, 8);
        assertThat(b.getInt(5)).isEqualTo((int) crc.getValue());
    }

    @Test
    void aRecordReadUnderAnotherSegmentsSeedFailsItsCheck() {
        for (Record in : oneOfEach()) {
            ByteBuffer b = encode(in);
            assertThat(codec.decode(b, 0, b.limit(), new Record(), SEED + 1))
                    .as("%s", in.type)
                    .isEqualTo(RecordCodec.BAD_CRC);
            assertThat(codec.decode(b, 0, b.limit(), new Record(), 0))
                    .as("%s unseeded", in.type)
                    .isEqualTo(RecordCodec.BAD_CRC);
        }
    }

    @Test
    void formatVersionOneRecordsAreUnseeded() {
        Record commit = new Record(RecordType.TX_COMMIT);
        commit.txId = 5;
        ByteBuffer b = ByteBuffer.allocate(RecordCodec.encodedSize(commit));
        codec.encode(commit, b, 0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.array(), 0, 5);
        crc.update(b.array(), 9, 8);
        assertThat(b.getInt(5)).isEqualTo((int) crc.getValue());
        assertThat(codec.decode(b.flip(), 0, b.limit(), new Record(), 0)).isEqualTo(17);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        for (Record in : oneOfEach()) {
            byte[] good = encode(in).array();
            for (int i = 0; i < good.length * 8; i++) {
                byte[] bad = good.clone();
                bad[i / 8] ^= (byte) (1 << (i % 8));
                int result = codec.decode(ByteBuffer.wrap(bad), 0, bad.length, new Record(), SEED);
                assertThat(result).as("%s with bit %d flipped", in.type, i).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void everyTruncationIsDetected() {
        for (Record in : oneOfEach()) {
            ByteBuffer b = encode(in);
            for (int cut = 1; cut < b.limit(); cut++) {
                int result = codec.decode(b, 0, cut, new Record(), SEED);
                if (cut < RecordCodec.HEADER_SIZE) {
                    // A prefix of the length field may be all zeros: indistinguishable from the end of the data.
                    assertThat(result)
                            .as("%s cut to %d bytes", in.type, cut)
                            .isIn(RecordCodec.TRUNCATED, RecordCodec.ZERO);
                } else {
                    assertThat(result).as("%s cut to %d bytes", in.type, cut).isEqualTo(RecordCodec.TRUNCATED);
                }
            }
        }
    }

    @Test
    void zeroesReadAsNoRecordAndGarbageIsRejected() {
        ByteBuffer zeros = ByteBuffer.allocate(64);
        assertThat(codec.decode(zeros, 0, 64, new Record(), SEED)).isEqualTo(RecordCodec.ZERO);
        assertThat(codec.decode(zeros, 0, 4, new Record(), SEED)).isEqualTo(RecordCodec.ZERO);
        ByteBuffer huge = ByteBuffer.allocate(64).putInt(0, 1 << 30).put(4, (byte) 1);
        assertThat(codec.decode(huge, 0, 64, new Record(), SEED)).isEqualTo(RecordCodec.BAD_LENGTH);
        ByteBuffer unknown = ByteBuffer.allocate(64).putInt(0, 8).put(4, (byte) 99);
        assertThat(codec.decode(unknown, 0, 64, new Record(), SEED)).isEqualTo(RecordCodec.BAD_TYPE);
    }

    @Test
    void payloadFieldsMustAddUpToTheLength() {
        Record r = add(RecordType.ADD_MESSAGE);
        ByteBuffer b = encode(r);
        // Claim one more queue than present, and fix the CRC so only the structure check can catch it.
        b.putInt(9 + 8, 4);
        b.putInt(5, codec.checksum(b, 0, b.getInt(0), SEED));
        assertThat(codec.decode(b, 0, b.limit(), new Record(), SEED)).isEqualTo(RecordCodec.MALFORMED);
    }
}
