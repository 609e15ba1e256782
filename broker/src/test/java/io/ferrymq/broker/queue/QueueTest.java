package io.ferrymq.broker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A queue on its own: no sockets, no journal, its mailbox run on the test's thread (so every step has happened when the
 * call returns). The order messages go out in, how consumers share them, and what happens to one given back.
 */
class QueueTest {
    /** What the queue needs of a broker, recording dead letters. */
    private static final class Host implements QueueHost {
        final MemoryAccount memory = new MemoryAccount(64L << 20);
        final List<String> deadLetters = new ArrayList<>();

        @Override
        public Store store() {
            throw new AssertionError("a non-durable queue never asks for the store");
        }

        @Override
        public MemoryAccount memory() {
            return memory;
        }

        @Override
        public Message restore(long messageId, byte[] bytes, String address) {
            throw new AssertionError("nothing is paged out here");
        }

        @Override
        public void deadLetter(QueueEntry entry, String reason) {
            deadLetters.add(entry.message().id() + ": " + reason);
        }

        @Override
        public void expired(QueueEntry entry) {
        }

        @Override
        public void queueDeleted(Queue queue, long[] durableMessageIds) {
        }
    }

    /** A consumer with credit it is given, keeping what it gets. */
    private static final class Consumer implements QueueConsumer {
        int credit;
        final List<QueueEntry> got = new ArrayList<>();

        @Override
        public boolean tryClaim() {
            if (credit <= 0) {
                return false;
            }
            credit--;
            return true;
        }

        @Override
        public boolean accepts(QueueEntry entry) {
            return true;
        }

        @Override
        public void deliver(QueueEntry entry) {
            got.add(entry);
        }

        @Override
        public boolean browser() {
            return false;
        }

        @Override
        public void queueGone() {
        }

        List<Long> ids() {
            return got.stream().map(e -> e.message().id()).toList();
        }
    }

    private final Host host = new Host();

    private Queue queue(int maxDeliveries) {
        QueueSettings s = new QueueSettings("q", "q", RoutingType.ANYCAST, false, false, false, -1, -1, maxDeliveries,
                "DLQ", "", null);
        return new Queue(host, 1, s, Runnable::run);
    }

    /** As the broker routes a message: its body counted in memory, then reserved and enqueued. */
    private void put(Queue q, long id, int priority) {
        Message m = new Message(id, new byte[] {(byte) id}, false, priority, 0, "q");
        host.memory.add(m.heapSize());
        q.reserve(m);
        q.enqueue(m);
    }

    private static void credit(Queue q, Consumer c, int n) {
        c.credit += n;
        q.creditAvailable();
    }

    @Test
    void messagesGoOutHighestPriorityFirstThenInArrivalOrder() {
        Queue q = queue(10);
        put(q, 1, 4);
        put(q, 2, 9);
        put(q, 3, 4);
        put(q, 4, 0);
        put(q, 5, 9);
        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 5);
        assertThat(c.ids()).containsExactly(2L, 5L, 1L, 3L, 4L);
        assertThat(q.depth()).as("delivered is still on the queue until settled").isEqualTo(5);
        for (QueueEntry e : c.got) {
            q.acknowledge(e);
        }
        assertThat(q.depth()).isZero();
        assertThat(host.memory.messageBytes()).as("all given back").isZero();
    }

    @Test
    void consumersTakeTurns() {
        Queue q = queue(10);
        Consumer a = new Consumer();
        Consumer b = new Consumer();
        a.credit = 2;
        b.credit = 2;
        q.addConsumer(a, false);
        q.addConsumer(b, false);
        for (long id = 1; id <= 4; id++) {
            put(q, id, 4);
        }
        assertThat(a.ids()).containsExactly(1L, 3L);
        assertThat(b.ids()).containsExactly(2L, 4L);
    }

    @Test
    void aReleasedMessageGoesBackInItsPlaceAndOnlyAFailedDeliveryCounts() {
        Queue q = queue(10);
        for (long id = 1; id <= 3; id++) {
            put(q, id, 4);
        }
        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 3);
        QueueEntry second = c.got.get(1);
        q.release(second, c, false, false);
        put(q, 4, 4);
        credit(q, c, 2);
        assertThat(c.ids()).containsExactly(1L, 2L, 3L, 2L, 4L);
        assertThat(c.got.get(3).deliveryCount()).as("released: not a failed delivery").isZero();

        q.release(c.got.get(3), c, true, false);
        credit(q, c, 1);
        assertThat(c.got.get(5).message().id()).isEqualTo(2L);
        assertThat(c.got.get(5).deliveryCount()).as("modified with delivery-failed").isEqualTo(1);
    }

    @Test
    void aMessageUndeliverableHereGoesToAnotherConsumerAndNotBackToThisOne() {
        Queue q = queue(10);
        Consumer a = new Consumer();
        q.addConsumer(a, false);
        put(q, 1, 4);
        credit(q, a, 1);
        q.release(a.got.get(0), a, false, true);
        put(q, 2, 4);
        credit(q, a, 1);
        assertThat(a.ids()).as("the next message, not the one it refused").containsExactly(1L, 2L);

        Consumer b = new Consumer();
        q.addConsumer(b, false);
        credit(q, b, 1);
        assertThat(b.ids()).containsExactly(1L);
    }

    @Test
    void pastMaxDeliveriesAMessageIsDeadLettered() {
        Queue q = queue(2);
        put(q, 7, 4);
        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 1);
        q.release(c.got.get(0), c, true, false);
        credit(q, c, 1);
        q.release(c.got.get(1), c, true, false);
        assertThat(host.deadLetters).singleElement().asString().startsWith("7: ");
        assertThat(q.depth()).isZero();
    }
}
