package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.awaitAll;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.noCompaction;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments that hold nothing still needed are retired without being read (Compactor.retireEmptied): what the live
 * state noted while applying their records must be enough to prove that, or the segment is left to a compaction's
 * scan. Each scenario ends with a restart: what recovery rebuilds is what counts.
 */
class RetireUnreadTest {
    @TempDir
    Path dir;

    /** Adds {@code from..to} and removes each once durable, as a consumer that keeps up does. */
    private static void consumeAsAdded(Store s, long from, long to) {
        List<CompletableFuture<Void>> removes = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            long m = id;
            removes.add(s.addMessage(m, body(m, 300), 1).thenCompose(v -> s.removeMessage(1, m)));
        }
        awaitAll(removes);
    }

    @Test
    void segmentsEmptiedAsTheirMessagesAreConsumedAreRetiredUnread() throws Exception {
        long diskBefore;
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, "q".getBytes()));
            consumeAsAdded(s, 1, 2_000); // about 600 KB of adds and removes: ten 64 KiB segments
            addRange(s, 1, 2_001, 2_002); // two messages left on the queue, in the active segment
            diskBefore = s.stats().diskBytes();
            await(s.compact());
            StoreStats after = s.stats();
            assertThat(after.retiredUnread()).as("segments retired unread").isGreaterThanOrEqualTo(5);
            assertThat(after.diskBytes()).isLessThan(diskBefore);
            assertThat(after.indexedMessages())
                    .as("dead entries left the index with their segments")
                    .isLessThan(200);
            assertBody(s.read(2_001), 2_001, TestData.sizeOf(2_001));
        }
        try (Store s = open(dir, small())) {
            RecoveredQueue q = s.takeRecoveredState().queues().get(0);
            assertThat(ids(q)).containsExactly(2_001L, 2_002L);
        }
    }

    @Test
    void whatTheLiveStateNotedIsRebuiltByRecovery() throws Exception {
        try (Store s = open(dir, noCompaction())) {
            await(s.createQueue(1, "q".getBytes()));
            consumeAsAdded(s, 1, 2_000);
            assertThat(s.stats().compactions()).isZero();
        }
        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queues().get(0))).isEmpty();
            await(s.compact());
            assertThat(s.stats().retiredUnread()).isGreaterThanOrEqualTo(5);
        }
        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queues().get(0))).isEmpty();
        }
    }

    /**
     * Segment A keeps one dead message's add on disk (a live message holds A above the threshold); B holds that
     * message's remove among adds and removes of its own. B is emptied but not retired: dropping it would bring the
     * message back (retiring comes first in a pass, so without the rule B would go before any scan saw it). Once A's
     * dead add has gone (A compacted after its live message is consumed), so does the remove.
     */
    @Test
    void aSegmentIsKeptWhileAnAddItRemovesIsStillOnDisk() throws Exception {
        long keeper = 1;
        long removedLater = 2;
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, "q".getBytes()));
            await(s.addMessage(keeper, body(keeper, 40_000), 1)); // over half of a 64 KiB segment: A stays
            await(s.addMessage(removedLater, body(removedLater, 100), 1));
            // Fill A and roll to B: these are consumed as added, in A and the first segments after it.
            consumeAsAdded(s, 100, 200);
            await(s.removeMessage(1, removedLater)); // its add is in A
            consumeAsAdded(s, 300, 1_000); // more segments after it, so that the one with the remove is sealed
            await(s.compact());
            assertThat(s.stats().diskBytes()).isPositive();
        }
        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queues().get(0)))
                    .as("the removed message stays removed while its add is on disk")
                    .containsExactly(keeper);
            assertThat(s.stats().indexedMessages())
                    .as("its dead add is still on disk, in A")
                    .isGreaterThanOrEqualTo(2);
            await(s.removeMessage(1, keeper));
            await(s.compact()); // A is compacted (its queue record kept): the dead add goes
            await(s.compact()); // then what holds the remove
            assertThat(s.stats().indexedMessages()).isZero();
        }
        try (Store s = open(dir, small())) {
            assertThat(ids(s.takeRecoveredState().queues().get(0))).isEmpty();
        }
    }

    /**
     * A segment holding a queue's deletion, its creation kept on disk in an earlier segment held above the threshold:
     * the deletion is needed, and only a plain add, remove or delivery count may be judged without reading the
     * segment, so it is left to a scan (which keeps the deletion).
     */
    @Test
    void aSegmentHoldingAnythingButPlainAddsAndRemovesIsLeftToAScan() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, "q1".getBytes()));
            await(s.createQueue(3, "q3".getBytes()));
            await(s.addMessage(1, body(1, 40_000), 1)); // keeps the first segment, and queue 3's creation, on disk
            // Does not fit in the first segment: opens the next one, which holds its add and remove, the deletion,
            // and more messages added and consumed one at a time (no remove there refers to another segment).
            await(s.addMessage(2, body(2, 30_000), 1));
            await(s.removeMessage(1, 2));
            await(s.deleteQueue(3, new long[0]));
            for (long id = 100; id <= 400; id++) {
                await(s.addMessage(id, body(id, 300), 1));
                await(s.removeMessage(1, id));
            }
            await(s.compact());
        }
        try (Store s = open(dir, small())) {
            List<Long> queues = new ArrayList<>();
            for (RecoveredQueue q : s.takeRecoveredState().queues()) {
                queues.add(q.queueId());
            }
            assertThat(queues).as("the deleted queue stays deleted").containsExactly(1L);
        }
    }
}
