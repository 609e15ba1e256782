package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which sealed segments a compaction pass takes: a pass the compactor starts by itself leaves alone, for a grace
 * period, a segment the writer has just left that may still empty (it would then be retired unread); a pass asked for
 * takes it at once. Driven through {@code selectRuns} with segments whose state is set by hand.
 */
class CompactionGraceTest {
    private static final long GRACE = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private final LiveState state = new LiveState();
    private final StoreOptions options = TestData.small();

    private Compactor compactor() {
        return new Compactor(
                dir,
                options,
                state,
                new AtomicInteger(100),
                new DiskBudget(Long.MAX_VALUE),
                () -> {},
                s -> false,
                new Manifest(dir, state, () -> 0),
                new StoreFailure(dir.toString()));
    }

    @AfterEach
    void closeSegments() {
        for (Segment s : state.segments.ordered()) {
            s.closeQuietly();
        }
    }

    /** A sealed segment with a few live bytes (well under the threshold), left by the writer at {@code sealedAt}. */
    private Segment sealed(int id, long sealedAt, boolean needsScan) throws IOException {
        FileChannel ch = FileChannel.open(
                dir.resolve(id + ".seg"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment s = new Segment(
                dir.resolve(id + ".seg"),
                new SegmentHeader(id, id, id, false),
                ch,
                options.segmentSize(),
                options.segmentSize(),
                true);
        s.liveBytes = 100;
        s.sealedAt = sealedAt;
        if (needsScan) {
            s.noteNeedsScan();
        }
        state.segments.add(s);
        return s;
    }

    @Test
    void aJustLeftSegmentThatMayEmptyWaitsForItsGraceUnlessAPassIsAskedFor() throws IOException {
        long now = System.nanoTime();
        Segment recovered = sealed(1, 0, false); // sealed before this run: no grace
        Segment withQueueRecord = sealed(2, now, true); // only a scan can empty it: no grace either
        Segment justLeft = sealed(3, now, false);
        Segment leftLongAgo = sealed(4, now - 2 * GRACE, false);

        Compactor compactor = compactor();
        List<Segment> own = candidates(compactor.selectRuns(GRACE));
        assertThat(own).containsExactly(recovered, withQueueRecord, leftLongAgo);
        assertThat(own).doesNotContain(justLeft);

        assertThat(candidates(compactor.selectRuns()))
                .containsExactly(recovered, withQueueRecord, justLeft, leftLongAgo);
    }

    private static List<Segment> candidates(List<List<Segment>> runs) {
        return runs.stream().flatMap(List::stream).toList();
    }
}
