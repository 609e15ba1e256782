package io.ferrymq.store;

import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.sizeOf;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage at the end and in the middle of the journal: cut the tail at every byte offset of the last records, flip bits
 * in the last and in middle records, and check recovery keeps every complete record before the damage (and, for
 * damage in the middle, after it), truncates a torn tail and reports damaged records with their position.
 */
class TailDamageTest {
    private static final int MESSAGES = 40;

    @TempDir
    Path pristine;

    @TempDir
    Path work;

    private Path segment;
    /** Position and size of message i's add record (index 0 = message 1). */
    private final List<long[]> records = new ArrayList<>();

    @BeforeEach
    void writeJournal() throws Exception {
        try (Store s = open(pristine, small())) {
            await(s.createQueue(1, new byte[0]));
            for (long id = 1; id <= MESSAGES; id++) {
                await(s.addMessage(id, body(id, sizeOf(id)), 1));
            }
        }
        try (Stream<Path> files = Files.list(pristine)) {
            List<Path> segs = files.filter(p -> p.toString().endsWith(".seg")).toList();
            assertThat(segs).hasSize(1);
            segment = segs.get(0);
        }
        try (Store s = open(pristine, small())) {
            // positions come from the index: where each add record lies
            for (long id = 1; id <= MESSAGES; id++) {
                LiveState.ReadLocation at = s.locate(id);
                records.add(new long[] {at.offset, at.size});
                at.segment.release();
            }
        }
    }

    private Path fresh() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> files = Files.list(pristine)) {
            for (Path p : files.toList()) {
                Files.copy(p, work.resolve(p.getFileName()));
            }
        }
        return work.resolve(segment.getFileName());
    }

    private long dataEnd() {
        long[] last = records.get(MESSAGES - 1);
        return last[0] + last[1];
    }

    private RecoveredState recover() {
        try (Store s = open(work, small())) {
            return s.takeRecoveredState();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }

    /** How many whole add records end at or before {@code cut}. */
    private int completeBefore(long cut) {
        int n = 0;
        for (long[] r : records) {
            if (r[0] + r[1] <= cut) {
                n++;
            }
        }
        return n;
    }

    @Test
    void cutAtEveryByteOfTheLastRecordsKeepsEveryCompleteRecord() throws Exception {
        long from = records.get(MESSAGES - 3)[0];
        for (long cut = from; cut <= dataEnd(); cut++) {
            Path seg = fresh();
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.seek(cut);
                f.write(new byte[(int) (dataEnd() - cut)]);
            }
            RecoveredState r = recover();
            assertThat(ids(r.queue(1))).as("cut at %d", cut).containsExactlyElementsOf(range(1, completeBefore(cut)));
            assertThat(r.damage()).as("cut at %d", cut).allMatch(JournalDamage::tornTail);
        }
    }

    @Test
    void garbageAfterEveryCutIsTruncatedAndTheJournalStaysUsable() throws Exception {
        long from = records.get(MESSAGES - 2)[0];
        Random rnd = new Random(7);
        for (long cut = from; cut < dataEnd(); cut++) {
            Path seg = fresh();
            byte[] junk = new byte[(int) (dataEnd() - cut) + 50];
            rnd.nextBytes(junk);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.seek(cut);
                junk[0] = (byte) ~f.read(); // the first junk byte must differ, or the record would be intact
                f.seek(cut);
                f.write(junk);
            }
            int kept = completeBefore(cut);
            RecoveredState r = recover();
            assertThat(ids(r.queue(1))).as("junk from %d", cut).containsExactlyElementsOf(range(1, kept));
            assertThat(r.damage()).as("junk from %d", cut).isNotEmpty().allMatch(JournalDamage::tornTail);
            // The tail was zeroed: appending after it and recovering again finds no damage and the new record.
            try (Store s = open(work, small())) {
                await(s.addMessage(1000, body(1000, 33), 1));
            }
            RecoveredState again = recover();
            assertThat(again.damage()).isEmpty();
            List<Long> expected = range(1, kept);
            expected.add(1000L);
            assertThat(ids(again.queue(1))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void bitFlipInTheLastRecordDropsOnlyThatRecord() throws Exception {
        for (int k = MESSAGES - 2; k < MESSAGES; k++) {
            long[] rec = records.get(k);
            for (int i = 0; i < rec[1]; i++) {
                flip(fresh(), rec[0] + i, i % 8);
                RecoveredState r = recover();
                List<Long> expected = range(1, MESSAGES);
                expected.remove(Long.valueOf(k + 1));
                if (k == MESSAGES - 1) {
                    assertThat(ids(r.queue(1))).containsExactlyElementsOf(expected);
                    assertThat(r.damage()).singleElement().matches(JournalDamage::tornTail);
                } else {
                    assertMiddleDamage(r, expected, rec, i);
                }
            }
        }
    }

    @Test
    void bitFlipInAMiddleRecordIsReportedWithItsPositionAndEverythingElseKept() throws Exception {
        for (int k : new int[] {0, 10, 25}) {
            long[] rec = records.get(k);
            for (int i = 0; i < rec[1]; i++) {
                flip(fresh(), rec[0] + i, (i * 3) % 8);
                List<Long> expected = range(1, MESSAGES);
                expected.remove(Long.valueOf(k + 1));
                assertMiddleDamage(recover(), expected, rec, i);
            }
        }
    }

    private static void assertMiddleDamage(RecoveredState r, List<Long> expected, long[] rec, int byteIndex) {
        assertThat(ids(r.queue(1))).as("flip at byte %d", byteIndex).containsExactlyElementsOf(expected);
        assertThat(r.damage()).as("flip at byte %d", byteIndex).singleElement().satisfies(d -> {
            assertThat(d.tornTail()).isFalse();
            assertThat(d.position()).isEqualTo(rec[0]);
            assertThat(d.length()).isEqualTo(rec[1]);
        });
    }

    private static void flip(Path seg, long position, int bit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ (1 << bit));
        }
    }
}
