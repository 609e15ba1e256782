package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue semantics through real connections: dispatch, outcomes, redelivery, dead letters, expiry. */
class QueueSemanticsTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transports.group(1, "test-client");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static BrokerConfig config(Path dir, int maxDeliveries) {
        return BrokerConfig.defaults()
                .withDataDir(dir)
                .withPort(0)
                .withAddresses(List.of(AddressConfig.match("#")
                        .autoCreate(true)
                        .durable(true)
                        .maxDeliveries(maxDeliveries)
                        .build()));
    }

    private static void sendAll(TestClient c, String address, int n) throws Exception {
        Sender s = c.sender(address);
        for (int i = 0; i < n; i++) {
            c.send(s, "m" + i, true, 4);
        }
    }

    private static Header header(Delivery d) {
        Decoder decoder = SpecTypes.newDecoder();
        return MessageView.parse(d.payload().duplicate(), decoder).header(decoder);
    }

    private static MessageAnnotations annotations(Delivery d) {
        Decoder decoder = SpecTypes.newDecoder();
        return MessageView.parse(d.payload().duplicate(), decoder).messageAnnotations(decoder);
    }

    private static void settle(TestClient c, Delivery d, io.ferrymq.codec.messaging.DeliveryState state)
            throws Exception {
        c.call(() -> {
            d.disposition(state, true);
            return null;
        });
    }

    @Test
    void competingConsumersShareTheQueueRoundRobin(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 10));
                TestClient a = TestClient.connect(broker.ports().get(0), group, "a");
                TestClient b = TestClient.connect(broker.ports().get(0), group, "b")) {
            a.receiver("work", 100);
            b.receiver("work", 100);
            awaitConsumers(broker, "work", 2);
            sendAll(a, "work", 10);
            List<String> gotA = new ArrayList<>();
            List<String> gotB = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                gotA.add(TestClient.text(a.next()));
                gotB.add(TestClient.text(b.next()));
            }
            assertThat(gotA).hasSize(5).doesNotContainAnyElementsOf(gotB);
            assertThat(gotB).hasSize(5);
        }
    }

    private static void awaitConsumers(Broker broker, String queue, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var q = broker.registry().queue(queue);
            if (q != null && q.consumerCount() >= n) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("consumers never attached to " + queue);
    }

    @Test
    void releasedComesBackAsItWasAndModifiedCountsAFailure(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 10));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            sendAll(c, "q", 1);
            c.receiver("q", 10);
            Delivery first = c.next();
            assertThat(header(first).deliveryCount()).isZero();
            settle(c, first, Released.INSTANCE);
            Delivery second = c.next();
            assertThat(header(second).deliveryCount())
                    .as("released: not a failed delivery")
                    .isZero();
            settle(c, second, new Modified(true, false));
            Delivery third = c.next();
            assertThat(header(third).deliveryCount()).isEqualTo(1);
            assertThat(header(third).firstAcquirer()).isFalse();
            c.accept(third);
        }
    }

    @Test
    void afterMaxDeliveriesTheMessageIsDeadLettered(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 2));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            sendAll(c, "fragile", 1);
            c.receiver("fragile", 10);
            settle(c, c.next(), new Modified(true, false));
            settle(c, c.next(), new Modified(true, false));
            c.receiver("DLQ", 10);
            Delivery dead = c.next();
            assertThat(TestClient.text(dead)).isEqualTo("m0");
            var ma = annotations(dead).value();
            assertThat(ma.get(Symbol.valueOf("x-opt-original-address"))).isEqualTo("fragile");
            assertThat((String) ma.get(Symbol.valueOf("x-opt-dead-letter-reason")))
                    .contains("delivery failed 2 times");
        }
    }

    @Test
    void rejectedGoesStraightToTheDeadLetterAddressWithTheReason(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 10));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            sendAll(c, "bad", 1);
            c.receiver("bad", 10);
            settle(c, c.next(), new Rejected(new ErrorCondition(Symbol.valueOf("app:poison"), "cannot parse")));
            c.receiver("DLQ", 10);
            Delivery dead = c.next();
            assertThat((String) annotations(dead).value().get(Symbol.valueOf("x-opt-dead-letter-reason")))
                    .contains("cannot parse");
        }
    }

    @Test
    void aConsumerThatLeavesGivesBackItsUnsettledMessagesInOrder(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 10));
                TestClient a = TestClient.connect(broker.ports().get(0), group, "a")) {
            sendAll(a, "orderly", 5);
            Receiver r = a.receiver("orderly", 3);
            for (int i = 0; i < 3; i++) {
                a.next();
            }
            a.call(() -> {
                r.close();
                return null;
            });
            try (TestClient b = TestClient.connect(broker.ports().get(0), group, "b")) {
                b.receiver("orderly", 10);
                List<String> texts = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    Delivery d = b.next();
                    texts.add(TestClient.text(d));
                    counts.add(header(d).deliveryCount());
                }
                assertThat(texts).containsExactly("m0", "m1", "m2", "m3", "m4");
                assertThat(counts).containsExactly(1L, 1L, 1L, 0L, 0L);
            }
        }
    }

    @Test
    void higherPriorityFirst(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 10));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            Sender s = c.sender("prio");
            int[] priorities = {1, 9, 4, 9, 0, 7};
            for (int i = 0; i < priorities.length; i++) {
                c.send(s, "p" + priorities[i] + "-" + i, true, priorities[i]);
            }
            awaitDepth(broker, "prio", priorities.length);
            c.receiver("prio", 10);
            List<String> order = new ArrayList<>();
            for (int i = 0; i < priorities.length; i++) {
                order.add(TestClient.text(c.next()));
            }
            assertThat(order).containsExactly("p9-1", "p9-3", "p7-5", "p4-2", "p1-0", "p0-4");
        }
    }

    private static void awaitDepth(Broker broker, String queue, long depth) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var q = broker.registry().queue(queue);
            if (q != null && q.readyCount() >= depth) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("queue " + queue + " never had " + depth + " messages ready");
    }

    @Test
    void durableMessagesSurviveARestartWithTheirDeliveryCounts(@TempDir Path dir) throws Exception {
        BrokerConfig config = config(dir, 10);
        try (Broker broker = Broker.start(config);
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            Sender s = c.sender("keep");
            c.send(s, "durable-1", true, 4);
            c.send(s, "volatile", false, 4);
            c.send(s, "durable-2", true, 4);
            awaitDepth(broker, "keep", 3);
            c.receiver("keep", 1);
            Delivery d = c.next();
            assertThat(TestClient.text(d))
                    .as("a producer's messages stay in order, durable or not")
                    .isEqualTo("durable-1");
            settle(c, d, new Modified(true, false));
        }
        try (Broker broker = Broker.start(config.withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "c")) {
            c.receiver("keep", 10);
            Delivery first = c.next();
            Delivery second = c.next();
            assertThat(TestClient.text(first)).isEqualTo("durable-1");
            assertThat(header(first).deliveryCount()).isEqualTo(1);
            assertThat(TestClient.text(second)).isEqualTo("durable-2");
            assertThat(c.received.poll(300, TimeUnit.MILLISECONDS))
                    .as("non-durable messages do not survive")
                    .isNull();
        }
    }
}
