package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.awaitAll;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.noCompaction;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.sizeOf;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    @TempDir
    Path dir;

    /** Everything recovery sees, as comparable values: queue -> ids and delivery counts, subscriptions, prepared. */
    private static Map<String, Object> snapshot(RecoveredState r) {
        Map<String, Object> m = new TreeMap<>();
        for (RecoveredQueue q : r.queues()) {
            m.put("queue " + q.queueId(), ids(q));
            List<Integer> counts = new ArrayList<>();
            for (int c : q.deliveryCounts()) {
                counts.add(c);
            }
            m.put("counts " + q.queueId(), counts);
            m.put("settings " + q.queueId(), new String(q.settings()));
        }
        for (RecoveredSubscription s : r.subscriptions()) {
            m.put("sub " + s.subscriptionId(), new String(s.settings()));
        }
        for (PreparedTransaction p : r.preparedTransactions()) {
            List<Long> adds = new ArrayList<>();
            for (long id : p.addedMessageIds()) {
                adds.add(id);
            }
            m.put("prepared " + p.txId(), adds);
        }
        return m;
    }

    /** A journal of many segments where most messages are gone, with every record kind. */
    private void writeMostlyDeadJournal(Store s) {
        await(s.createQueue(1, "q1".getBytes()));
        await(s.createQueue(2, "q2".getBytes()));
        await(s.createQueue(3, "q3".getBytes()));
        await(s.createSubscription(50, "s50".getBytes()));
        await(s.createSubscription(51, "s51".getBytes()));
        long id = 1;
        for (int round = 0; round < 10; round++) {
            List<Long> added = addRange(s, 1, id, id + 99);
            await(s.addMessage(id + 100, body(id + 100, 64), 1, 2));
            id += 101;
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (long m : added) {
                if (m % 10 != 0) {
                    fs.add(s.removeMessage(1, m));
                } else {
                    fs.add(s.updateDeliveryCount(1, m, (int) (m % 7) + 1));
                }
            }
            awaitAll(fs);
        }
        StoreTransaction committed = s.transaction(900);
        committed.addMessage(5000, body(5000, 40), 2);
        committed.removeMessage(1, 10);
        await(committed.commit());
        StoreTransaction rolledBack = s.transaction(901);
        rolledBack.addMessage(5001, body(5001, 40), 2);
        await(rolledBack.rollback());
        StoreTransaction prepared = s.transaction(902);
        prepared.addMessage(5002, body(5002, 40), 3);
        await(prepared.prepare("x".getBytes()));
        await(s.deleteQueue(3, new long[0]));
        await(s.createQueue(4, "q4".getBytes()));
        await(s.deleteSubscription(50));
        addRange(s, 4, 6000, 6300); // fill to seal the segments above
    }

    @Test
    void liveDataIsIdenticalAndInOrderAfterCompaction() throws Exception {
        Map<String, Object> before;
        StoreStats statsBefore;
        try (Store s = open(dir, noCompaction())) {
            writeMostlyDeadJournal(s);
            statsBefore = s.stats();
            assertThat(s.stats().compactions()).isZero();
        }
        try (Store s = open(dir, small())) {
            before = snapshot(s.takeRecoveredState());
            await(s.compact());
            StoreStats after = s.stats();
            assertThat(after.compactions()).isPositive();
            assertThat(after.diskBytes()).isLessThan(statsBefore.diskBytes());
            assertThat(after.indexedMessages()).isLessThan(statsBefore.indexedMessages());
            // Bodies are read from their new place.
            assertBody(s.read(20), 20, sizeOf(20));
            assertBody(s.read(5000), 5000, 40);
            assertBody(s.read(5002), 5002, 40);
            assertBody(s.read(6300), 6300, sizeOf(6300));
        }
        try (Store s = open(dir, small())) {
            assertThat(snapshot(s.takeRecoveredState())).isEqualTo(before);
            // A second pass over already compacted files changes nothing either.
            await(s.compact());
        }
        try (Store s = open(dir, small())) {
            assertThat(snapshot(s.takeRecoveredState())).isEqualTo(before);
        }
        assertThat(before.get("queue 1")).asList().contains(20L, 30L).doesNotContain(10L, 11L);
        assertThat(before.get("queue 2")).asList().endsWith(5000L);
        assertThat(before)
                .containsKey("prepared 902")
                .doesNotContainKey("queue 3")
                .containsKey("sub 51")
                .doesNotContainKey("sub 50");
    }

    @Test
    void diskUseFollowsLiveDataAsMessagesComeAndGo() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            long id = 1;
            for (int round = 0; round < 20; round++) {
                List<Long> added = addRange(s, 1, id, id + 199);
                id += 200;
                List<CompletableFuture<Void>> fs = new ArrayList<>();
                for (long m : added) {
                    fs.add(s.removeMessage(1, m));
                }
                awaitAll(fs);
                await(s.compact());
            }
            // About 20 segments' worth were written; what stays is the active segment and little else.
            StoreStats stats = s.stats();
            assertThat(stats.bytesWritten()).isGreaterThan(10L * TestData.SMALL_SEGMENT);
            assertThat(stats.diskBytes()).isLessThanOrEqualTo(3L * TestData.SMALL_SEGMENT);
            assertThat(stats.liveMessages()).isZero();
        }
    }

    @Test
    void appendsAndReadsGoOnWhileCompactionRuns() throws Exception {
        List<Long> kept = new ArrayList<>();
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.createQueue(2, new byte[0]));
            long id = 1;
            for (int round = 0; round < 8; round++) {
                for (long m : addRange(s, 1, id, id + 149)) {
                    if (m % 5 == 0) {
                        kept.add(m);
                    } else {
                        s.removeMessageLazily(1, m);
                    }
                }
                id += 150;
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> readerError = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (MessageReaderLoop loop = new MessageReaderLoop(s, kept)) {
                    while (!stop.get()) {
                        loop.readAll();
                    }
                } catch (Throwable t) {
                    readerError.set(t);
                }
            });
            reader.start();
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (long m = 10_000; m < 10_400; m++) {
                appends.add(s.addMessage(m, body(m, sizeOf(m)), 2));
                if (m % 100 == 0) {
                    appends.add(s.compact());
                }
            }
            awaitAll(appends);
            await(s.compact());
            stop.set(true);
            reader.join();
            assertThat(readerError.get()).isNull();
            assertThat(s.stats().compactions()).isPositive();
        }
        try (Store s = open(dir, small())) {
            RecoveredState r = s.takeRecoveredState();
            assertThat(ids(r.queue(1))).containsExactlyElementsOf(kept);
            List<Long> q2 = new ArrayList<>();
            for (long m = 10_000; m < 10_400; m++) {
                q2.add(m);
            }
            assertThat(ids(r.queue(2))).containsExactlyElementsOf(q2);
        }
    }

    /** Reads a fixed set of messages through one reader and checks their bytes. */
    private static final class MessageReaderLoop implements AutoCloseable {
        private final MessageReader reader;
        private final List<Long> ids;

        MessageReaderLoop(Store s, List<Long> ids) {
            this.reader = s.newReader();
            this.ids = ids;
        }

        void readAll() {
            for (long id : ids) {
                assertBody(reader.read(id), id, sizeOf(id));
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void sourcesLeftBehindByACrashAfterTheRenameAreDroppedOnRecovery() throws Exception {
        Path saved = Files.createDirectory(dir.resolve("saved"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Map<String, Object> before;
        try (Store s = open(data, noCompaction())) {
            writeMostlyDeadJournal(s);
        }
        try (Stream<Path> files = Files.list(data)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".seg")).toList()) {
                Files.copy(p, saved.resolve(p.getFileName()));
            }
        }
        try (Store s = open(data, small())) {
            before = snapshot(s.takeRecoveredState());
            await(s.compact());
            assertThat(s.stats().compactions()).isPositive();
        }
        // Put the sources back: as if the crash came after the output's rename, before the sources were deleted.
        try (Stream<Path> files = Files.list(saved)) {
            for (Path p : files.toList()) {
                Files.copy(p, data.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Store s = open(data, small())) {
            assertThat(snapshot(s.takeRecoveredState())).isEqualTo(before);
        }
        // And as if the crash came before the rename: a leftover temporary file is ignored.
        Files.write(data.resolve("0000009999.seg.tmp"), new byte[100]);
        try (Store s = open(data, small())) {
            assertThat(snapshot(s.takeRecoveredState())).isEqualTo(before);
        }
        assertThat(data.resolve("0000009999.seg.tmp")).doesNotExist();
    }

    @Test
    void anOutputHoldingOnlyLiveRecordsIsNotCompactedAgain() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, "q1".getBytes()));
            TestData.addThenRemoveAll(s, 1, 600);
            await(s.compact());
            long compactions = s.stats().compactions();
            assertThat(compactions).isPositive();

            await(s.compact());
            await(s.compact());

            assertThat(s.stats().compactions())
                    .as("passes with nothing to gain")
                    .isEqualTo(compactions);
        }
    }
}
