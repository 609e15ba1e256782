package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer must receive segments in the order their ids (their ordering keys) were taken, whether it takes the
 * background thread's spare or creates one itself, even when it asks while the spare is still being written.
 */
class SegmentAllocatorTest {
    @TempDir
    Path dir;

    @Test
    void segmentsAreHandedOutInIdOrderWhileTheSpareIsBeingCreated() throws Exception {
        AtomicInteger fileIds = new AtomicInteger();
        List<Segment> taken = new ArrayList<>();
        try (SegmentAllocator allocator = new SegmentAllocator(
                dir,
                256 * 1024,
                fileIds,
                new DiskBudget(Long.MAX_VALUE),
                List.of(),
                new StoreFailure(dir.toString()))) {
            allocator.start(() -> 0L);
            for (int i = 0; i < 200; i++) {
                taken.add(allocator.take(true));
                if (i % 3 == 0) {
                    Thread.onSpinWait(); // sometimes ask at once, sometimes a moment later
                } else if (i % 3 == 1) {
                    Thread.sleep(0, 200_000);
                }
            }
        } finally {
            for (Segment s : taken) {
                s.closeQuietly();
            }
        }
        for (int i = 1; i < taken.size(); i++) {
            assertThat(taken.get(i).fileId())
                    .as(
                            "segment %d handed out after segment %d",
                            taken.get(i).fileId(), taken.get(i - 1).fileId())
                    .isGreaterThan(taken.get(i - 1).fileId());
        }
        assertThat(taken).hasSize(200);
    }
}
