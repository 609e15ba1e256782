package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syncer's listener completes appends; if it throws, the syncer must not be left busy for ever: before, its thread
 * died with {@code busy} set, and {@code drain()} and {@code forceNow()} waited for ever (the store's close hung).
 */
class SyncerTest {
    @TempDir
    Path dir;

    @Test
    void aListenerThatThrowsFailsTheBatchInsteadOfHangingTheSyncer() throws Exception {
        List<List<Record>> failed = new CopyOnWriteArrayList<>();
        Syncer syncer = new Syncer(
                true,
                new Syncer.Listener() {
                    @Override
                    public void durable(Segment segment, long end, List<Record> records) {
                        throw new IllegalStateException("a defect in what completes appends");
                    }

                    @Override
                    public void failed(IOException error, List<Record> records) {
                        failed.add(records);
                    }
                },
                new StoreFailure(dir.toString()));
        Segment segment = SegmentFiles.create(dir, new SegmentHeader(1, 1, 1, false), 64 * 1024, null);
        try {
            syncer.start();
            List<Record> first = List.of(new Record(RecordType.QUEUE_DELETED));
            assertThat(syncer.forceNow(first, segment, SegmentHeader.SIZE)).isTrue();
            assertThat(failed).containsExactly(first);

            // Not left busy: the next batch, handed to the syncer's own thread, is looked at and fails too (the store
            // is failed until repaired), and drain() returns.
            List<Record> second = List.of(new Record(RecordType.QUEUE_DELETED));
            syncer.written(second, segment, SegmentHeader.SIZE, System.nanoTime());
            CountDownLatch drained = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    syncer.drain();
                    drained.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            assertThat(drained.await(10, TimeUnit.SECONDS))
                    .as("drain() returned")
                    .isTrue();
            assertThat(failed).containsExactly(first, second);
            assertThat(syncer.close(Duration.ofSeconds(10))).isTrue();
        } finally {
            segment.closeQuietly();
        }
    }

    @Test
    void whenTheSyncerThreadDiesWhatItHeldAndWhatComesLaterFailAndTheStoreIsMarkedFailed() throws Exception {
        List<List<Record>> failed = new CopyOnWriteArrayList<>();
        StoreFailure storeFailure = new StoreFailure(dir.toString());
        Syncer syncer = new Syncer(
                true,
                new Syncer.Listener() {
                    @Override
                    public void durable(Segment segment, long end, List<Record> records) {}

                    @Override
                    public void failed(IOException error, List<Record> records) {
                        failed.add(records);
                    }
                },
                storeFailure);
        syncer.start();
        // A defect: a batch handed over without its segment. The force throws outside any handler and the thread dies.
        List<Record> broken = List.of(new Record(RecordType.QUEUE_DELETED));
        syncer.written(broken, null, SegmentHeader.SIZE, System.nanoTime());
        Await.until(() -> failed.contains(broken), Duration.ofSeconds(10), "the batch in hand to fail");
        assertThat(failed).as("the batch in hand failed").containsExactly(broken);
        assertThat(storeFailure.failure()).as("the store is marked failed").isNotNull();
        assertThat(storeFailure.failure().getMessage()).contains("ferry-store-syncer", "NullPointerException");

        // Nothing waits for ever: what comes later fails at once, drain() and close() return.
        List<Record> later = List.of(new Record(RecordType.QUEUE_DELETED));
        syncer.written(later, null, SegmentHeader.SIZE, System.nanoTime());
        assertThat(failed).contains(later);
        syncer.drain();
        assertThat(syncer.close(Duration.ofSeconds(10))).isTrue();
    }
}
