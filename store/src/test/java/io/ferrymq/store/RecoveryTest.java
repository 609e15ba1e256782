package io.ferrymq.store;

import static io.ferrymq.store.TestData.addRange;
import static io.ferrymq.store.TestData.assertBody;
import static io.ferrymq.store.TestData.await;
import static io.ferrymq.store.TestData.body;
import static io.ferrymq.store.TestData.ids;
import static io.ferrymq.store.TestData.open;
import static io.ferrymq.store.TestData.sizeOf;
import static io.ferrymq.store.TestData.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir
    Path dir;

    private RecoveredState reopen() throws Exception {
        try (Store s = open(dir, small())) {
            return s.takeRecoveredState();
        }
    }

    @Test
    void emptyDirectoryRecoversNothing() throws Exception {
        RecoveredState r = reopen();
        assertThat(r.queues()).isEmpty();
        assertThat(r.subscriptions()).isEmpty();
        assertThat(r.preparedTransactions()).isEmpty();
        assertThat(r.damage()).isEmpty();
        assertThat(r.highestMessageId()).isZero();
    }

    @Test
    void queuesAndSubscriptionsWithSettingsAndDeletion() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, "one".getBytes()));
            await(s.createQueue(2, "two".getBytes()));
            await(s.createQueue(3, new byte[0]));
            await(s.createSubscription(10, "sub-a".getBytes()));
            await(s.createSubscription(11, "sub-b".getBytes()));
            await(s.deleteQueue(2, new long[0]));
            await(s.deleteSubscription(10));
        }
        RecoveredState r = reopen();
        assertThat(r.queues()).extracting(RecoveredQueue::queueId).containsExactly(1L, 3L);
        assertThat(new String(r.queue(1).settings())).isEqualTo("one");
        assertThat(r.subscriptions())
                .extracting(RecoveredSubscription::subscriptionId)
                .containsExactly(11L);
        assertThat(new String(r.subscriptions().get(0).settings())).isEqualTo("sub-b");
    }

    @Test
    void messagesInEnqueueOrderAcrossSegmentsWithRemovesAndDeliveryCounts() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.createQueue(2, new byte[0]));
            addRange(s, 1, 1, 300);
            addRange(s, 2, 301, 400);
            for (long id = 1; id <= 300; id += 3) {
                await(s.removeMessage(1, id));
            }
            await(s.updateDeliveryCount(1, 2, 5));
            await(s.updateDeliveryCount(1, 2, 6));
            s.updateDeliveryCountLazily(2, 301, 9);
            s.removeMessageLazily(2, 400);
            assertThat(s.stats().segments()).isGreaterThan(1);
        }
        RecoveredState r = reopen();
        List<Long> expected1 = LongStream.rangeClosed(1, 300)
                .filter(id -> (id - 1) % 3 != 0)
                .boxed()
                .toList();
        assertThat(ids(r.queue(1))).containsExactlyElementsOf(expected1);
        assertThat(ids(r.queue(2)))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(301, 399).boxed().toList());
        assertThat(r.queue(1).deliveryCounts()[0]).isEqualTo(6);
        assertThat(r.queue(1).deliveryCounts()[1]).isZero();
        assertThat(r.queue(2).deliveryCounts()[0]).isEqualTo(9);
        assertThat(r.highestMessageId()).isEqualTo(400);
        try (Store s = open(dir, small())) {
            assertThat(s.nextMessageId()).isEqualTo(401);
            for (long id : new long[] {2, 150, 399}) {
                assertBody(s.read(id), id, sizeOf(id));
            }
        }
    }

    @Test
    void fanOutStoresBytesOnceAndMessageLivesUntilEveryQueueRemovesIt() throws Exception {
        try (Store s = open(dir, small())) {
            for (long q = 1; q <= 3; q++) {
                await(s.createQueue(q, new byte[0]));
            }
            await(s.addMessage(7, body(7, 100), 1, 2, 3));
            await(s.addMessage(8, body(8, 100), 1, 2, 3));
            await(s.addMessage(9, body(9, 100), 1, 99));
            await(s.removeMessage(1, 7));
            await(s.removeMessage(2, 7));
            await(s.removeMessage(3, 8));
            assertThat(s.stats().liveMessages()).isEqualTo(3);
            await(s.removeMessage(3, 7));
            assertThat(s.stats().liveMessages()).isEqualTo(2);
        }
        RecoveredState r = reopen();
        assertThat(ids(r.queue(1))).containsExactly(8L, 9L);
        assertThat(ids(r.queue(2))).containsExactly(8L);
        assertThat(ids(r.queue(3))).isEmpty();
        try (Store s = open(dir, small())) {
            assertThatThrownBy(() -> s.read(7))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("7");
            assertBody(s.read(8), 8, 100);
        }
    }

    @Test
    void deletingAQueueDropsItsReferences() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.createQueue(2, new byte[0]));
            await(s.addMessage(1, body(1, 10), 1));
            await(s.addMessage(2, body(2, 10), 1, 2));
            await(s.deleteQueue(1, new long[] {1, 2}));
            assertThat(s.stats().liveMessages()).isEqualTo(1);
        }
        RecoveredState r = reopen();
        assertThat(r.queue(1)).isNull();
        assertThat(ids(r.queue(2))).containsExactly(2L);
    }

    @Test
    void transactionsCommittedRolledBackPreparedAndAbandoned() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            await(s.addMessage(1, body(1, 10), 1));
            await(s.addMessage(2, body(2, 10), 1));
            StoreTransaction committed = s.transaction(100);
            committed.addMessage(3, body(3, 10), 1);
            committed.removeMessage(1, 1);
            await(s.addMessage(4, body(4, 10), 1));
            await(committed.commit());
            StoreTransaction rolledBack = s.transaction(101);
            rolledBack.addMessage(5, body(5, 10), 1);
            rolledBack.removeMessage(1, 2);
            await(rolledBack.rollback());
            StoreTransaction prepared = s.transaction(102);
            prepared.addMessage(6, body(6, 10), 1);
            prepared.removeMessage(1, 2);
            await(prepared.prepare("xid-102".getBytes()));
            StoreTransaction abandoned = s.transaction(103);
            await(abandoned.addMessage(7, body(7, 10), 1));
        }
        RecoveredState r = reopen();
        // A transaction's adds join the queue when it commits, after message 4.
        assertThat(ids(r.queue(1))).containsExactly(2L, 4L, 3L);
        assertThat(r.preparedTransactions()).hasSize(1);
        PreparedTransaction p = r.preparedTransactions().get(0);
        assertThat(p.txId()).isEqualTo(102);
        assertThat(new String(p.data())).isEqualTo("xid-102");
        assertThat(p.addedMessageIds()).containsExactly(6);
        assertThat(p.addedQueueIds().get(0)).containsExactly(1);
        assertThat(p.removedQueueIds()).containsExactly(1);
        assertThat(p.removedMessageIds()).containsExactly(2);
        try (Store s = open(dir, small())) {
            RecoveredState again = s.takeRecoveredState();
            assertThat(again.preparedTransactions()).hasSize(1);
            assertBody(s.read(6), 6, 10);
            assertThatThrownBy(() -> s.read(7)).isInstanceOf(StoreException.class);
            await(s.transaction(102).commit());
        }
        RecoveredState decided = reopen();
        assertThat(ids(decided.queue(1))).containsExactly(4L, 3L, 6L);
        assertThat(decided.preparedTransactions()).isEmpty();
    }

    @Test
    void refusedRecordsFailTheirFutureAndAreIgnoredOnRecovery() throws Exception {
        try (Store s = open(dir, small())) {
            await(s.createQueue(1, new byte[0]));
            assertThatThrownBy(() -> await(s.createQueue(1, new byte[0]))).hasMessageContaining("exists already");
            await(s.addMessage(1, body(1, 10), 1));
            assertThatThrownBy(() -> await(s.addMessage(1, body(1, 10), 1))).hasMessageContaining("already");
            assertThatThrownBy(() -> await(s.deleteQueue(5, new long[0]))).hasMessageContaining("no queue 5");
            assertThatThrownBy(() -> await(s.addMessage(0, body(0, 10), 1))).hasMessageContaining("positive");
        }
        RecoveredState r = reopen();
        assertThat(ids(r.queue(1))).containsExactly(1L);
        assertThat(r.damage()).isEmpty();
    }

    @Test
    void recoveredStateIsHandedOverOnce() throws Exception {
        try (Store s = open(dir, small())) {
            s.takeRecoveredState();
            assertThatThrownBy(s::takeRecoveredState).isInstanceOf(IllegalStateException.class);
        }
    }
}
