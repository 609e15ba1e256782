package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sending and receiving, message contents, settlement and credit, against Artemis and against Ferry. */
class MessagingIT extends ServersIT {
    private static final Duration T = Duration.ofSeconds(10);

    @ParameterizedTest
    @MethodSource("servers")
    void sendAndReceiveWithAcknowledgement(TestServer server) {
        String q = unique("queue");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            List<Tracker> trackers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // All durable: durable and non-durable messages need not keep their relative order (JMS 4.4.10.1).
                trackers.add(s.send(Message.create("m" + i).messageId(i).durable(true)));
            }
            for (Tracker t : trackers) {
                t.awaitAccepted(T);
                assertThat(t.remoteSettled()).isTrue();
                assertThat(t.settled()).isTrue();
            }
            Receiver r = c.openReceiver(q);
            for (int i = 0; i < 20; i++) {
                Delivery d = r.receive(T);
                assertThat(d).as("message %d", i).isNotNull();
                Message<String> m = d.message();
                assertThat(m.body()).isEqualTo("m" + i);
                assertThat(m.durable()).isTrue();
                assertThat(m.messageId()).isEqualTo(io.ferrymq.codec.UnsignedLong.valueOf(i));
                assertThat(d.settled()).isTrue();
            }
            assertThat(r.receive(Duration.ofMillis(100))).isNull();
        }
    }

    /**
     * A message of 20 MiB, more than a session's incoming capacity (16 MiB by default), arrives in many transfers:
     * the receiver takes each as it comes, so the window stays open and the message completes (it used to wait for
     * ever), and sending it through a server does not need the streaming API.
     */
    @ParameterizedTest
    @MethodSource("servers")
    void aMessageLargerThanTheSessionCapacityArrivesWhole(TestServer server) {
        String q = unique("large");
        byte[] big = new byte[20 << 20];
        new java.util.SplittableRandom(20).nextBytes(big);
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            s.send(Message.create(big).durable(true)).awaitAccepted(Duration.ofSeconds(60));
            Receiver r = c.openReceiver(q);
            Delivery d = r.receive(Duration.ofSeconds(60));
            assertThat(d).as("the 20 MiB message").isNotNull();
            Message<byte[]> m = d.message();
            assertThat(m.body()).as("its bytes").isEqualTo(big);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everyBodyTypeAndFieldCrossesTheServer(TestServer server) {
        String q = unique("bodies");
        UUID id = UUID.randomUUID();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", "v");
        map.put("n", 7L);
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            s.send(Message.create("text")
                            .messageId(id)
                            .correlationId("corr")
                            .subject("s")
                            .replyTo("r")
                            .contentType("text/plain")
                            .groupId("g")
                            .groupSequence(2)
                            .priority(6)
                            .timeToLive(600_000)
                            .creationTime(1_000L)
                            .property("color", "red")
                            .property("size", 3)
                            .annotation("x-opt-a", "b"))
                    .awaitAccepted(T);
            s.send(Message.create(new byte[] {1, 2, 3})).awaitAccepted(T);
            s.send(Message.create(map)).awaitAccepted(T);
            s.send(Message.create(List.of("a", 1L))).awaitAccepted(T);
            s.send(Message.sequence(List.of("q", 2L))).awaitAccepted(T);
            s.send(Message.dataSections(List.of(new byte[] {4}, new byte[] {5, 6})))
                    .awaitAccepted(T);
            s.send(Message.create()).awaitAccepted(T);

            Receiver r = c.openReceiver(q);
            Message<Object> text = r.receive(T).message();
            assertThat(text.body()).isEqualTo("text");
            assertThat(text.messageId()).isEqualTo(id);
            assertThat(text.correlationId()).isEqualTo("corr");
            assertThat(text.subject()).isEqualTo("s");
            assertThat(text.replyTo()).isEqualTo("r");
            assertThat(text.contentType()).isEqualTo("text/plain");
            assertThat(text.groupId()).isEqualTo("g");
            assertThat(text.groupSequence()).isEqualTo(2);
            assertThat(text.priority()).isEqualTo(6);
            assertThat(text.timeToLive()).isEqualTo(600_000);
            assertThat(text.creationTime()).isEqualTo(1_000L);
            assertThat(text.property("color")).isEqualTo("red");
            assertThat(text.property("size")).isEqualTo(3);
            assertThat(text.annotation("x-opt-a")).isEqualTo("b");
            assertThat((byte[]) r.receive(T).message().body()).containsExactly(1, 2, 3);
            assertThat(r.receive(T).message().body()).isEqualTo(map);
            assertThat(r.receive(T).message().body()).isEqualTo(List.of("a", 1L));
            Message<Object> seq = r.receive(T).message();
            assertThat(seq.bodyKind()).isEqualTo(Message.BodyKind.SEQUENCE);
            assertThat(seq.body()).isEqualTo(List.of("q", 2L));
            Message<Object> sections = r.receive(T).message();
            assertThat(sections.bodyKind()).isEqualTo(Message.BodyKind.DATA);
            assertThat(sections.bodySections()).hasSize(2);
            assertThat(r.receive(T).message().body()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void releasedAndModifiedMessagesComeBackRejectedOnesDoNot(TestServer server) {
        String q = unique("outcomes");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            for (String body : List.of("release-me", "modify-me", "reject-me", "keep-me")) {
                s.send(Message.create(body)).awaitAccepted(T);
            }
            Receiver r =
                    c.openReceiver(q, new ReceiverOptions().autoAccept(false).creditWindow(1));
            // Where a released message goes back in the queue is the server's choice: count, not order.
            Map<String, Integer> seen = new LinkedHashMap<>();
            Delivery d;
            while ((d = r.receive(Duration.ofMillis(500))) != null) {
                Message<String> m = d.message();
                int times = seen.merge(m.body(), 1, Integer::sum);
                switch (m.body()) {
                    case "release-me" -> {
                        if (times == 1) {
                            d.release();
                        } else {
                            d.accept();
                        }
                    }
                    case "modify-me" -> {
                        if (times == 1) {
                            d.modify(true, false);
                        } else {
                            assertThat(m.deliveryCount()).isEqualTo(1);
                            d.accept();
                        }
                    }
                    case "reject-me" -> d.reject("amqp:internal-error", "cannot process");
                    default -> d.accept();
                }
            }
            assertThat(seen)
                    .containsEntry("release-me", 2)
                    .containsEntry("modify-me", 2)
                    .containsEntry("reject-me", 1)
                    .containsEntry("keep-me", 1);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theCreditWindowBoundsWhatIsBuffered(TestServer server) throws Exception {
        String q = unique("credit");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            List<Tracker> ts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ts.add(s.send(Message.create(i)));
            }
            for (Tracker t : ts) {
                t.awaitAccepted(T);
            }
            Receiver r = c.openReceiver(q, new ReceiverOptions().creditWindow(5));
            Await.until(() -> r.queued() == 5, T, "the window's 5 messages");
            // Nothing beyond the window arrives while the application takes nothing.
            assertThat(r.drain(T).queued()).isEqualTo(5);
            for (int i = 0; i < 50; i++) {
                assertThat(r.receive(T).message().body()).isEqualTo(i);
                assertThat(r.queued()).isLessThanOrEqualTo(5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void manualCreditAndDrain(TestServer server) throws Exception {
        String q = unique("manual");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            for (int i = 0; i < 5; i++) {
                s.send(Message.create(i)).awaitAccepted(T);
            }
            Receiver r = c.openReceiver(q, new ReceiverOptions().creditWindow(0));
            assertThat(r.tryReceive()).isNull();
            r.addCredit(2);
            Await.until(() -> r.queued() == 2, T, "the 2 messages credited");
            r.addCredit(10);
            r.drain(T);
            assertThat(r.queued()).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(r.tryReceive().message().body()).isEqualTo(i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void atMostOnceDeliveriesArriveSettled(TestServer server) {
        String q = unique("presettled");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q, new SenderOptions().deliveryMode(DeliveryMode.AT_MOST_ONCE));
            Tracker t = s.send(Message.create("fire and forget"));
            assertThat(t.awaitSettlement(T).settled()).isTrue();
            assertThat(t.remoteState()).isNull();
            Receiver r = c.openReceiver(q, new ReceiverOptions().deliveryMode(DeliveryMode.AT_MOST_ONCE));
            Delivery d = r.receive(T);
            assertThat(d.message().body()).isEqualTo("fire and forget");
            assertThat(d.remoteSettled()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void listenersAndFutureStagesRunOffTheIoThread(TestServer server) throws Exception {
        String q = unique("listener");
        try (Connection c = client.connect(server.uri())) {
            List<String> threads = new CopyOnWriteArrayList<>();
            List<Object> bodies = new CopyOnWriteArrayList<>();
            CountDownLatch got = new CountDownLatch(10);
            Receiver r = c.openReceiver(q);
            r.onMessage(d -> {
                threads.add(Thread.currentThread().getName());
                bodies.add(d.message().body());
                got.countDown();
            });
            Sender s = c.openSender(q);
            CompletableFuture<String> stage = null;
            for (int i = 0; i < 10; i++) {
                stage = s.send(Message.create(i))
                        .settlementFuture()
                        .thenApply(t -> Thread.currentThread().getName());
            }
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(bodies).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(threads).allMatch(n -> n.startsWith("ferry-client-callback"));
            assertThat(stage.get(10, TimeUnit.SECONDS)).startsWith("ferry-client-callback");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void asyncFormsComplete(TestServer server) throws Exception {
        String q = unique("async");
        try (Connection c = client.connect(server.uri())) {
            assertThat(c.openFuture().get(10, TimeUnit.SECONDS)).isSameAs(c);
            Sender s =
                    c.defaultSession().openSenderAsync(q, new SenderOptions()).get(10, TimeUnit.SECONDS);
            Tracker t = s.sendAsync(Message.create("async")).get(10, TimeUnit.SECONDS);
            t.settlementFuture().get(10, TimeUnit.SECONDS);
            Receiver r = c.defaultSession()
                    .openReceiverAsync(q, new ReceiverOptions())
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.receiveAsync(T).get(10, TimeUnit.SECONDS).message().body())
                    .isEqualTo("async");
            r.closeAsync().get(10, TimeUnit.SECONDS);
            s.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void sessionsAndManySendersShareAConnection(TestServer server) throws Exception {
        String q = unique("threads");
        try (Connection c = client.connect(server.uri())) {
            int threads = 4;
            int each = 250;
            List<Thread> senders = new ArrayList<>();
            List<Tracker> trackers = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Session session = c.openSession();
                Sender s = session.openSender(q);
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        trackers.add(s.send(Message.create(n * each + i)));
                    }
                }));
            }
            for (Thread t : senders) {
                t.join(30_000);
            }
            for (Tracker t : trackers) {
                t.awaitAccepted(T);
            }
            Receiver r = c.openReceiver(q);
            java.util.Set<Object> seen = new java.util.HashSet<>();
            for (int i = 0; i < threads * each; i++) {
                seen.add(r.receive(T).message().body());
            }
            assertThat(seen).hasSize(threads * each);
        }
    }
}
