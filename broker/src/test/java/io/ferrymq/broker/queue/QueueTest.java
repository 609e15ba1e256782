package io.ferrymq.broker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.store.Store;
import io.ferrymq.store.StoreException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * A queue on its own: no sockets, no journal, its mailbox run on the test's thread (so every step has happened when the
 * call returns). The order messages go out in, how consumers share them, what happens to one given back, and paging
 * (the journal a map of message bytes here).
 */
class QueueTest {
    /** What the queue needs of a broker, recording dead letters; its "journal" is a map, and reads are recorded. */
    private static final class Host implements QueueHost {
        final MemoryAccount memory = new MemoryAccount(64L << 20);
        final List<String> deadLetters = new ArrayList<>();
        final Map<Long, byte[]> journal = new HashMap<>();
        final List<Long> reads = new ArrayList<>();

        @Override
        public Store store() {
            throw new AssertionError("a non-durable queue never asks for the store");
        }

        @Override
        public MemoryAccount memory() {
            return memory;
        }

        @Override
        public LongFunction<ByteBuf> newReader() {
            return id -> {
                reads.add(id);
                byte[] bytes = journal.get(id);
                if (bytes == null) {
                    throw new StoreException("message " + id + " is not in the journal");
                }
                return Unpooled.wrappedBuffer(bytes);
            };
        }

        /** The bytes the test's messages carry are their id and priority. */
        @Override
        public Message restore(long messageId, byte[] bytes, String address) {
            Message m = new Message(messageId, bytes, true, bytes[1], 0, address);
            m.markStored();
            return m;
        }

        @Override
        public void deadLetter(QueueEntry entry, String reason) {
            deadLetters.add(entry.message().id() + ": " + reason);
        }

        @Override
        public void expired(QueueEntry entry) {}

        @Override
        public void queueDeleted(Queue queue, long[] durableMessageIds) {}
    }

    /** A consumer (or a browser) with credit it is given, keeping what it gets. */
    private static final class Consumer implements QueueConsumer {
        final boolean browser;
        int credit;
        final List<QueueEntry> got = new ArrayList<>();

        Consumer() {
            this(false);
        }

        Consumer(boolean browser) {
            this.browser = browser;
        }

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
            return browser;
        }

        @Override
        public void queueGone() {}

        List<Long> ids() {
            return got.stream().map(e -> e.message().id()).toList();
        }
    }

    private final Host host = new Host();

    private Queue queue(int maxDeliveries) {
        return queue(false, maxDeliveries);
    }

    private Queue queue(boolean durable, int maxDeliveries) {
        QueueSettings s = new QueueSettings(
                "q", "q", RoutingType.ANYCAST, durable, false, false, -1, -1, maxDeliveries, "DLQ", "", null);
        return new Queue(host, 1, s, Runnable::run);
    }

    /** As the broker routes a durable message once the journal has it. */
    private Message putStored(Queue q, long id, int priority) {
        Message m = new Message(id, new byte[] {(byte) id, (byte) priority}, true, priority, 0, "q");
        m.markStored();
        host.journal.put(id, m.body());
        host.memory.add(m.heapSize());
        q.reserve(m);
        q.enqueue(m);
        return m;
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
        assertThat(q.depth())
                .as("delivered is still on the queue until settled")
                .isEqualTo(5);
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
        assertThat(c.got.get(3).deliveryCount())
                .as("released: not a failed delivery")
                .isZero();

        q.release(c.got.get(3), c, true, false);
        credit(q, c, 1);
        assertThat(c.got.get(5).message().id()).isEqualTo(2L);
        assertThat(c.got.get(5).deliveryCount())
                .as("modified with delivery-failed")
                .isEqualTo(1);
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

    /** A durable queue holding messages 1 to {@code n} of priority 4, all paged out. */
    private Queue pagedOut(int n) {
        Queue q = queue(true, 10);
        for (long id = 1; id <= n; id++) {
            putStored(q, id, 4);
        }
        pageOutAll(q);
        return q;
    }

    private static void pageOutAll(Queue q) {
        q.pageOut(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void durableMessagesPagedOutWholeComeBackFromTheJournalInTheirOrder() {
        Queue q = queue(true, 10);
        int[] priorities = {4, 9, 4, 0, 9, 4};
        long heap = 0;
        for (int i = 0; i < priorities.length; i++) {
            heap += putStored(q, i + 1, priorities[i]).heapSize();
        }
        Message recovered = new Message(7, new byte[] {7, 4}, true, 4, 0, "q");
        recovered.markStored();
        host.journal.put(7L, recovered.body());
        host.memory.add(recovered.heapSize());
        heap += recovered.heapSize();
        q.recover(recovered, 2);
        long inMemory = 7L * MemoryAccount.PER_MESSAGE + heap;
        assertThat(host.memory.messageBytes()).isEqualTo(inMemory);

        pageOutAll(q);
        assertThat(host.memory.messageBytes())
                .as("only each message's slot is left")
                .isEqualTo(7L * MemoryAccount.PER_PAGED_MESSAGE);
        assertThat(q.depth()).isEqualTo(7);
        assertThat(host.reads).isEmpty();

        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 7);
        assertThat(c.ids()).containsExactly(2L, 5L, 1L, 3L, 6L, 7L, 4L);
        assertThat(host.reads).as("read back a level at a time, each once").containsExactly(2L, 5L, 1L, 3L, 6L, 7L, 4L);
        assertThat(c.got.get(5).deliveryCount()).as("kept while paged out").isEqualTo(2);
        assertThat(host.memory.messageBytes()).as("all in memory again").isEqualTo(inMemory);
    }

    @Test
    void whileMemoryIsFullOnlyTheHeadIsReadBack() {
        Queue q = pagedOut(4);
        host.memory.add(host.memory.limit());
        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 1);
        assertThat(c.ids()).containsExactly(1L);
        assertThat(host.reads)
                .as("one at a time: the head, then the next head as dispatch looks at it")
                .containsExactly(1L, 2L);

        host.memory.release(host.memory.limit());
        credit(q, c, 3);
        assertThat(c.ids()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(host.reads).as("the rest in one go").containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aPagedOutMessageTheJournalCannotGiveBackLeavesTheQueue() {
        Queue q = pagedOut(3);
        host.journal.remove(2L);
        Consumer c = new Consumer();
        q.addConsumer(c, false);
        credit(q, c, 3);
        assertThat(c.ids()).containsExactly(1L, 3L);
        assertThat(q.depth()).isEqualTo(2);
        assertThat(q.readyCount()).isZero();
        assertThat(host.memory.messageBytes())
                .as("its slot given back too")
                .isEqualTo(
                        2L * (MemoryAccount.PER_MESSAGE + c.got.get(0).message().heapSize()));
    }

    @Test
    void aBrowserSeesPagedOutMessagesWithoutTakingThem() {
        Queue q = queue(true, 10);
        putStored(q, 1, 4);
        putStored(q, 2, 9);
        pageOutAll(q);
        putStored(q, 3, 4);
        Consumer browser = new Consumer(true);
        browser.credit = 10;
        q.addConsumer(browser, false);
        assertThat(browser.ids()).containsExactly(2L, 1L, 3L);
        assertThat(q.depth()).isEqualTo(3);
        assertThat(host.memory.messageBytes())
                .as("still paged out")
                .isEqualTo(2L * MemoryAccount.PER_PAGED_MESSAGE
                        + MemoryAccount.PER_MESSAGE
                        + browser.got.get(2).message().heapSize());
    }
}
