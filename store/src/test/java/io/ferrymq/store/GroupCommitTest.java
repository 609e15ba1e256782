package io.ferrymq.store;

import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.awaitAll;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentAppendersShareForcesAndEveryAppendIsRecovered() throws Exception {
        int threads = 16;
        int perThread = 200;
        try (Store s = open(dir, small().toBuilder().segmentSize(1 << 20).build())) {
            for (long q = 1; q <= threads; q++) {
                await(s.createQueue(q, new byte[0]));
            }
            StoreStats before = s.stats();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Throwable> error = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                long queue = t + 1;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            long id = queue * 100_000 + i;
                            await(s.addMessage(id, body(id, 100), queue));
                        }
                    } catch (Throwable e) {
                        error.set(e);
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertThat(error.get()).isNull();
            StoreStats after = s.stats();
            long appends = after.records() - before.records();
            long forces = after.forces() - before.forces();
            assertThat(appends).isEqualTo((long) threads * perThread);
            // Group commit: with 16 waiting appenders, far fewer forces than appends.
            assertThat(forces).isLessThan(appends / 2);
        }
        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            for (long q = 1; q <= threads; q++) {
                List<Long> expected = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    expected.add(q * 100_000 + i);
                }
                assertThat(ids(r.queue(q))).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void oneAppenderGetsOneForcePerAppend() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            StoreStats before = s.stats();
            for (long id = 1; id <= 100; id++) {
                await(s.addMessage(id, body(id, 100), 1));
            }
            StoreStats after = s.stats();
            assertThat(after.records() - before.records()).isEqualTo(100);
            assertThat(after.forces() - before.forces()).isEqualTo(100);
        }
    }

    @Test
    void neverPolicyDoesNotForceAndIntervalPolicyBatchesWithinTheInterval() throws Exception {
        try (Store s =
                open(dir, small().toBuilder().syncPolicy(SyncPolicy.NEVER).build())) {
            await(s.createQueue(1, new byte[0]));
            for (long id = 1; id <= 50; id++) {
                await(s.addMessage(id, body(id, 100), 1));
            }
            assertThat(s.stats().forces()).isZero();
        }
        StoreOptions interval = small().toBuilder()
                .syncPolicy(SyncPolicy.INTERVAL)
                .syncInterval(Duration.ofMillis(20))
                .build();
        try (Store s = open(dir, interval)) {
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            long started = System.nanoTime();
            for (long id = 51; id <= 100; id++) {
                fs.add(s.addMessage(id, body(id, 100), 1));
            }
            awaitAll(fs);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            StoreStats stats = s.stats();
            // All 50 appends were submitted at once: at most a handful of forces, and completion came within a
            // bounded delay (the interval plus the force), not never.
            assertThat(stats.forces()).isBetween(1L, 5L);
            assertThat(elapsedMs).isLessThan(10_000);
        }
        try (Store s = open(dir, small())) {
            assertThat(s.takeRecoveredState().queue(1).messageIds()).hasSize(100);
        }
    }

    @Test
    void lazyRecordsRideTheNextForceAndAreDurable() throws Exception {
        try (Store s =
                open(dir, small().toBuilder().syncInterval(Duration.ofHours(1)).build())) {
            await(s.createQueue(1, new byte[0]));
            await(s.addMessage(1, body(1, 10), 1));
            await(s.addMessage(2, body(2, 10), 1));
            long forces = s.stats().forces();
            s.removeMessageLazily(1, 1);
            s.updateDeliveryCountLazily(1, 2, 3);
            // No force for lazy records on their own (the sync interval is an hour) ...
            assertThat(s.stats().forces()).isEqualTo(forces);
            // ... they are forced with the next awaited append.
            await(s.addMessage(3, body(3, 10), 1));
            assertThat(s.stats().forces()).isEqualTo(forces + 1);
            assertThat(s.stats().liveMessages()).isEqualTo(2);
        }
        try (Store s = open(dir, small())) {
            RecoveredQueue q = s.takeRecoveredState().queue(1);
            assertThat(ids(q)).containsExactly(2L, 3L);
            assertThat(q.deliveryCounts()).containsExactly(3, 0);
        }
    }

    @Test
    void pendingLimitFailsFastWithoutWriting() throws Exception {
        StoreOptions tiny = small().toBuilder()
                .maxPendingAppends(1)
                .maxPendingBytes(1 << 20)
                .build();
        try (Store s = open(dir, tiny)) {
            await(s.createQueue(1, new byte[0]));
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            List<ByteBuf> bodies = new ArrayList<>();
            for (long id = 1; id <= 200; id++) {
                ByteBuf b = body(id, 1000);
                bodies.add(b);
                fs.add(s.addMessage(id, b, 1));
            }
            int refused = 0;
            for (CompletableFuture<Void> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOf(StoreOverloadedException.class)
                            .hasMessageContaining("pending");
                    refused++;
                }
            }
            assertThat(refused).isPositive();
            // Refused or written, every body was released by the store.
            assertThat(bodies).allMatch(b -> b.refCnt() == 0);
            assertThat(s.stats().liveMessages()).isEqualTo(200 - refused);
        }
    }

    /**
     * Completions keep the order of appends, whether a batch is completed by the completer thread or (a small batch
     * while the completer is idle) by the thread that forced it.
     */
    @Test
    void futuresCompleteInAppendOrder() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (long id = 1; id <= 300; id++) {
                long m = id;
                fs.add(s.addMessage(id, body(id, 10), 1).whenComplete((v, e) -> {
                    order.add(m);
                    threads.add(Thread.currentThread().getName());
                }));
            }
            awaitAll(fs);
            List<Long> expected = new ArrayList<>();
            for (long id = 1; id <= 300; id++) {
                expected.add(id);
            }
            assertThat(order).containsExactlyElementsOf(expected);
            // Attached after completion, an action runs on the caller (main); otherwise on a store thread.
            assertThat(threads).allMatch(t -> t.equals("main") || t.startsWith("ferry-store-"));
        }
    }

    @Test
    void appendsAfterCloseFailAndOversizedRecordsAreRefused() throws Exception {
        Store s = open(dir, small());
        await(s.createQueue(1, new byte[0]));
        assertThatThrownBy(() -> await(s.addMessage(1, body(1, TestData.SMALL_SEGMENT), 1)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
        s.close();
        assertThatThrownBy(() -> await(s.addMessage(2, body(2, 10), 1)))
                .hasRootCauseInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> s.removeMessageLazily(1, 2)).isInstanceOf(StoreClosedException.class);
    }
}
