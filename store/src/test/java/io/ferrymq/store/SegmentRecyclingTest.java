package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.sizeOf;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments that compaction empties are reused for new ones without zero-filling, and what their earlier use left in
 * them never comes back: not on a clean restart, not around a damaged record.
 */
class SegmentRecyclingTest {
    @TempDir
    Path dir;

    /** Fills a few segments, consumes all of it, compacts; then writes {@code next} into the reused files. */
    private List<Long> consumeThenRefill(Store s, long from, long count) {
        await(s.createQueue(1, "q".getBytes()));
        TestData.addThenRemoveAll(s, 1, 600);
        await(s.compact());
        return addRange(s, 1, from, from + count - 1);
    }

    /** A closed journal whose newest segments were made from reused files; returns the messages it holds. */
    private List<Long> refilledJournal() throws IOException {
        try (Store s = open(dir, small())) {
            return consumeThenRefill(s, 10_001, 600);
        }
    }

    @Test
    void aSegmentEmptiedByCompactionIsReusedAndItsOldRecordsNeverComeBack() throws IOException {
        List<Long> second;
        try (Store s = open(dir, small())) {
            second = consumeThenRefill(s, 10_001, 600);
            assertThat(s.stats().diskBytes()).as("disk in use").isLessThanOrEqualTo(6L * TestData.SMALL_SEGMENT);
        }
        List<Path> recycled = recycledSegments();
        assertThat(recycled).as("segments made from reused files").isNotEmpty();

        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(ids(r.queue(1)))
                    .as("only the messages of the second use, in order")
                    .isEqualTo(second);
            assertThat(r.damage()).isEmpty();
            for (long id : second) {
                assertBody(s.read(id), id, sizeOf(id));
            }
        }
    }

    @Test
    void aDamagedRecordInAReusedSegmentIsReportedAndTheRecordsAfterItAreKept() throws IOException {
        List<Long> second = refilledJournal();
        Path segment = recycledSegments().get(0);
        List<long[]> records = records(segment);
        assertThat(records).hasSizeGreaterThan(10);
        long[] victim = records.get(records.size() / 2);
        flipLastByte(segment, victim);

        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).hasSize(1);
            JournalDamage d = r.damage().get(0);
            assertThat(d.segment()).isEqualTo(segment);
            assertThat(d.position()).isEqualTo(victim[0]);
            assertThat(d.tornTail()).isFalse();
            List<Long> recovered = ids(r.queue(1));
            assertThat(recovered).hasSize(second.size() - 1).isSubsetOf(second);
            assertThat(recovered).as("what came after the damage").contains(second.get(second.size() - 1));
        }
    }

    /**
     * The last record of a reused segment, damaged: it was dropped without a word, taken for what the file's earlier
     * use left after its data. Its framing holds and it fails the earlier id's check too, so it is this use's: reported
     * as the journal's tail, and only it is lost.
     */
    @Test
    void aDamagedLastRecordOfAReusedSegmentIsReportedNotTakenForTheEarlierUse() throws IOException {
        List<Long> second = refilledJournal();
        Path active = recycledSegments().get(0);
        assertThat(header(active).previousId())
                .as("the earlier id, kept in the header")
                .isPositive();
        List<long[]> records = records(active);
        long[] last = records.get(records.size() - 1);
        flipLastByte(active, last);

        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(r.damage()).singleElement().satisfies(d -> {
                assertThat(d.segment()).isEqualTo(active);
                assertThat(d.position()).isEqualTo(last[0]);
                assertThat(d.length()).isEqualTo(last[1]);
                assertThat(d.tornTail()).isTrue();
                assertThat(d.reason())
                        .contains("CRC32C mismatch")
                        .contains("this use")
                        .contains("ADD_MESSAGE message " + second.get(second.size() - 1));
            });
            assertThat(ids(r.queue(1))).isEqualTo(second.subList(0, second.size() - 1));
        }
    }

    /**
     * A record of a file's earlier use passes the new seed's check with odds of 2^-32. Made to happen here: a
     * consumed message's add, sealed with the new seed, after the data of this use and some unreadable bytes.
     */
    @Test
    void aRecordOfTheEarlierUseThatPassesItsCheckByChanceIsNotApplied() throws IOException {
        List<Long> second = refilledJournal();
        Path active = recycledSegments().get(0);
        List<long[]> records = records(active);
        long dataEnd = records.get(records.size() - 1)[0] + records.get(records.size() - 1)[1];
        Record stale = new Record(RecordType.ADD_MESSAGE);
        stale.messageId = 1; // consumed in the file's earlier use
        stale.setQueues(new long[] {1}, 1);
        stale.body = TestData.body(1, sizeOf(1));
        stale.bodyLength = sizeOf(1);
        ByteBuffer bytes = ByteBuffer.allocate(100 + RecordCodec.encodedSize(stale));
        while (bytes.position() < 100) {
            bytes.put((byte) 0xAB);
        }
        new RecordCodec(TestData.SMALL_SEGMENT)
                .encode(stale, bytes, header(active).crcSeed());
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE)) {
            ch.write(bytes.flip(), dataEnd);
        }

        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(ids(r.queue(1)))
                    .as("the consumed message stays consumed")
                    .isEqualTo(second);
            assertThat(r.damage()).hasSize(1);
            assertThat(r.damage().get(0).position()).isEqualTo(dataEnd);
            assertThat(r.damage().get(0).reason()).contains("neither is applied");
        }
    }

    @Test
    void freeFilesOutliveARestartAndAreReusedThenWhileAStrayOneIsDeleted() throws IOException {
        List<Long> second;
        try (Store s = open(dir, small())) {
            second = consumeThenRefill(s, 10_001, 10);
        }
        List<String> free = listing().stream()
                .filter(n -> n.endsWith(SegmentAllocator.FREE_SUFFIX))
                .toList();
        assertThat(free).as("free files kept at close").isNotEmpty();
        Path stray = dir.resolve("0000000099" + SegmentAllocator.FREE_SUFFIX);
        Files.write(stray, new byte[4096]);
        int before = recycledSegments().size();

        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queue(1))).isEqualTo(second);
            // Enough to roll into the spare made from a free file, and on into the next.
            addRange(s, 1, 20_001, 20_600);
        }
        assertThat(stray).as("not a segment's size: deleted").doesNotExist();
        assertThat(recycledSegments()).as("segments made from the free files").hasSizeGreaterThan(before);
        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(ids(r.queue(1))).hasSize(610).startsWith(10_001L).endsWith(20_600L);
            assertThat(r.damage()).isEmpty();
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<Path> recycledSegments() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(SegmentFiles.SUFFIX))
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                if (header(p).recycled()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static SegmentHeader header(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(SegmentHeader.SIZE);
            ch.read(b, 0);
            return SegmentHeader.decode(b.flip());
        }
    }

    /** Position and size of each record of this use of the file. */
    /** Flips a bit in the last byte of the record at {@code record} ({position, size}) in {@code segment}. */
    private static void flipLastByte(Path segment, long[] record) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, record[0] + record[1] - 1);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            ch.write(one, record[0] + record[1] - 1);
        }
    }

    private static List<long[]> records(Path p) throws IOException {
        List<long[]> out = new ArrayList<>();
        Segment s = Segment.open(p, header(p), Files.size(p));
        try {
            new SegmentScanner(s, s.fileSize, new RecordCodec(TestData.SMALL_SEGMENT), 1 << 16)
                    .scan(SegmentHeader.SIZE, (rec, pos, size, window, offset) -> out.add(new long[] {pos, size}));
        } finally {
            s.closeQuietly();
        }
        return out;
    }
}
