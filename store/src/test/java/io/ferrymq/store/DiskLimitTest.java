package io.ferrymq.store;

import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLimitTest {
    @TempDir
    Path dir;

    @Test
    void fullJournalFailsAppendsClearlyKeepsWhatIsWrittenAndRecoversWhenSpaceReturns() throws Exception {
        StoreOptions limited =
                small().toBuilder().maxDiskBytes(4L * TestData.SMALL_SEGMENT).build();
        List<Long> stored = new ArrayList<>();
        try (Store s = open(dir, limited)) {
            await(s.createQueue(1, new byte[0]));
            StoreFullException full = null;
            for (long id = 1; full == null && id < 10_000; id++) {
                try {
                    s.addMessage(id, body(id, 1000), 1).get();
                    stored.add(id);
                } catch (ExecutionException e) {
                    full = (StoreFullException) e.getCause();
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.getMessage())
                    .contains(dir.toString())
                    .contains("disk limit")
                    .contains("kept for removes");
            assertThat(s.stats().diskBytes()).isLessThanOrEqualTo(4L * TestData.SMALL_SEGMENT);
            // Everything acknowledged before is readable.
            assertBody(s.read(stored.get(0)), stored.get(0), 1000);
            assertBody(s.read(stored.get(stored.size() - 1)), stored.get(stored.size() - 1), 1000);
            // Consumers drain the queue; compaction frees the segments; appends succeed again.
            for (long id : stored) {
                await(s.removeMessage(1, id));
            }
            await(s.compact());
            await(s.addMessage(20_000, body(20_000, 1000), 1));
            for (long id = 20_001; id < 20_100; id++) {
                await(s.addMessage(id, body(id, 1000), 1));
            }
        }
        try (Store s = open(dir, limited)) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(ids(r.queue(1))).hasSize(100).startsWith(20_000L).endsWith(20_099L);
            assertThat(r.damage()).isEmpty();
        }
    }
}
