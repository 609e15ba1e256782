package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.sizeOf;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadTest {
    @TempDir
    Path dir;

    @Test
    void aReaderReadsAQueueSequentiallyWithFewDiskReads() throws Exception {
        try (Store s = open(
                dir,
                small().toBuilder()
                        .segmentSize(1 << 20)
                        .readAheadBytes(64 * 1024)
                        .build())) {
            await(s.createQueue(1, new byte[0]));
            List<Long> ids = addRange(s, 1, 1, 2000);
            MessageReader reader = s.newReader();
            for (long id : ids) {
                assertBody(reader.read(id), id, sizeOf(id));
            }
            // About 470 KB of records read through 64 KiB windows: a handful of disk reads, not 2000.
            assertThat(reader.diskReads()).isLessThan(20);
            assertThat(reader.windowHits()).isGreaterThan(1900);
            // Random order still works, just with more reads.
            for (long id = 2000; id >= 1; id -= 97) {
                assertBody(reader.read(id), id, sizeOf(id));
            }
        }
    }

    @Test
    void readsFromTheActiveSegmentNeverSeeBytesPastItsEnd() throws Exception {
        try (Store s = open(dir, small().toBuilder().segmentSize(1 << 20).build())) {
            await(s.createQueue(1, new byte[0]));
            MessageReader reader = s.newReader();
            for (long id = 1; id <= 300; id++) {
                addRange(s, 1, id, id);
                assertBody(reader.read(id), id, sizeOf(id));
            }
        }
    }

    @Test
    void aCorruptRecordIsReportedOnReadNotReturned() throws Exception {
        long offset;
        Path file;
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            addRange(s, 1, 1, 10);
            LiveState.ReadLocation at = s.locate(5);
            offset = at.offset + at.size - 3;
            file = at.segment.path;
            at.segment.release();
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.seek(offset);
                f.write(f.read() ^ 0x10);
            }
            assertThatThrownBy(() -> s.read(5))
                    .isInstanceOf(StoreCorruptionException.class)
                    .hasMessageContaining("CRC32C mismatch")
                    .hasMessageContaining(file.toString());
            assertThatThrownBy(() -> s.newReader().read(5)).isInstanceOf(StoreCorruptionException.class);
            assertBody(s.read(6), 6, sizeOf(6));
            assertThatThrownBy(() -> s.read(999))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("not in the store");
        }
    }
}
