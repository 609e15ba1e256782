package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.testsupport.Await;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DeliveryMode;
import org.apache.qpid.protonj2.client.DistributionMode;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.engine.DeliveryTagGenerator;
import org.apache.qpid.protonj2.engine.impl.ProtonDeliveryTagGenerator;
import org.apache.qpid.protonj2.types.DeliveryTag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qpid protonj2 client against the broker: queues, topics, durable subscriptions, temporary
 * queues, time to live, priorities and browsing, the released, modified and rejected outcomes
 * with dead-lettering, and delivery tags reused once their deliveries are settled.
 */
class BrokerProtonJ2IT {
    private static final long WAIT_S = 10;

    @TempDir
    static Path dataDir;

    static Broker broker;
    static int port;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults()
                .withDataDir(dataDir)
                .withPort(0)
                .withAddresses(InProcess.addresses(
                        AddressConfig.match("pj2.outcomes")
                                .deadLetterAddress("pj2.outcomes.dead")
                                .build(),
                        AddressConfig.match("pj2.maxdel")
                                .maxDeliveries(3)
                                .deadLetterAddress("pj2.maxdel.dead")
                                .build())));
        port = broker.ports().get(0);
        client = Client.create(new ClientOptions().id("pj2-broker-it"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static Connection connect() throws Exception {
        Connection c = client.connect("127.0.0.1", port);
        c.openFuture().get(WAIT_S, TimeUnit.SECONDS);
        return c;
    }

    static ReceiverOptions manual() {
        return new ReceiverOptions().autoAccept(false).creditWindow(10);
    }

    static ReceiverOptions topic() {
        ReceiverOptions options = new ReceiverOptions();
        options.sourceOptions().capabilities("topic");
        return options;
    }

    static Delivery receive(Receiver receiver, String what) throws Exception {
        Delivery d = receiver.receive(WAIT_S, TimeUnit.SECONDS);
        assertThat(d).as(what).isNotNull();
        return d;
    }

    static String body(Delivery d) throws Exception {
        Message<String> m = d.message();
        return m.body();
    }

    /** Sends durable text messages, pipelined; returns once the broker has accepted every one. */
    static void send(Sender sender, String... bodies) throws Exception {
        List<Tracker> trackers = new ArrayList<>();
        for (String b : bodies) {
            trackers.add(sender.send(Message.create(b).durable(true)));
        }
        for (Tracker t : trackers) {
            t.awaitAccepted(WAIT_S, TimeUnit.SECONDS);
        }
    }

    static String[] bodies(String prefix, int n) {
        String[] b = new String[n];
        for (int i = 0; i < n; i++) {
            b[i] = prefix + i;
        }
        return b;
    }

    /** Receives and accepts {@code prefix + 0} up to {@code prefix + (n - 1)}, in order. */
    static void expectInOrder(Receiver receiver, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Delivery d = receive(receiver, prefix + i);
            assertThat(body(d)).isEqualTo(prefix + i);
            d.accept();
        }
    }

    /**
     * A durable message of 20 MiB, more than a session's incoming capacity (16 MiB) and less than the broker's
     * max-message-size (32 MiB), arrives in many transfers: the broker takes each as it comes, so the window stays
     * open, and the message is stored, delivered and consumed whole. (It used to close the window and never complete.)
     */
    @Test
    void aMessageLargerThanTheSessionWindowArrivesWhole() throws Exception {
        byte[] big = new byte[20 << 20];
        new SplittableRandom(20).nextBytes(big);
        try (Connection c = connect()) {
            Sender sender = c.openSender("pj2.big", new SenderOptions().sendTimeout(60, TimeUnit.SECONDS));
            sender.send(Message.create(big).durable(true)).awaitAccepted(60, TimeUnit.SECONDS);
            Receiver receiver = c.openReceiver("pj2.big", manual());
            Delivery d = receiver.receive(60, TimeUnit.SECONDS);
            assertThat(d).as("the 20 MiB message").isNotNull();
            Message<byte[]> m = d.message();
            assertThat(m.body()).as("the 20 MiB message's bytes").isEqualTo(big);
            d.accept();
        }
        InProcess.awaitDepth(broker, "pj2.big", 0);
    }

    /** Durable binary messages with checksummed bodies go through a queue intact and in order. */
    @Test
    void queueSendAndReceive() throws Exception {
        String name = "pj2.queue";
        SplittableRandom random = new SplittableRandom(5);
        List<byte[]> sent = new ArrayList<>();
        try (Connection c = connect()) {
            Sender sender = c.openSender(name);
            List<Tracker> trackers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] body = new byte[1 + random.nextInt(8192)];
                random.nextBytes(body);
                sent.add(body);
                trackers.add(sender.send(Message.create(body).durable(true).property("seq", i)));
            }
            for (Tracker t : trackers) {
                assertThat(t.awaitSettlement(WAIT_S, TimeUnit.SECONDS)
                                .remoteState()
                                .isAccepted())
                        .isTrue();
            }
            InProcess.awaitDepth(broker, name, 200);
            Receiver receiver = c.openReceiver(name, new ReceiverOptions().creditWindow(50));
            for (int i = 0; i < 200; i++) {
                Delivery d = receive(receiver, "message " + i);
                Message<byte[]> m = d.message();
                assertThat(m.property("seq")).isEqualTo(i);
                assertThat(m.durable()).isTrue();
                assertThat(m.body()).as("body of message %d", i).isEqualTo(sent.get(i));
            }
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** Each subscriber to a topic gets every message, in order. */
    @Test
    void topicPublishSubscribe() throws Exception {
        String name = "pj2.topic";
        try (Connection c = connect()) {
            Receiver first = c.openReceiver(name, topic());
            Receiver second = c.openReceiver(name, topic());
            first.openFuture().get(WAIT_S, TimeUnit.SECONDS);
            second.openFuture().get(WAIT_S, TimeUnit.SECONDS);
            SenderOptions options = new SenderOptions();
            options.targetOptions().capabilities("topic");
            send(c.openSender(name, options), bodies("t", 30));
            expectInOrder(first, "t", 30);
            expectInOrder(second, "t", 30);
        }
        Await.until(() -> broker.queueNames(name).isEmpty(), "the subscriptions to go");
    }

    /**
     * A durable subscription keeps what is published while its receiver is detached; closing
     * the receiver (rather than detaching it) ends the subscription.
     */
    @Test
    void durableSubscriptionKeepsWhatItsReceiverMissed() throws Exception {
        String name = "pj2.topic.durable";
        String queue = "sub:pj2-durable:audit";
        try (Client subscriber = Client.create(new ClientOptions().id("pj2-durable"));
                Connection pub = connect()) {
            SenderOptions options = new SenderOptions();
            options.targetOptions().capabilities("topic");
            Sender sender = pub.openSender(name, options);

            Connection c = subscriber.connect("127.0.0.1", port);
            Receiver receiver = c.openDurableReceiver(name, "audit", topic());
            receiver.openFuture().get(WAIT_S, TimeUnit.SECONDS);
            send(sender, bodies("live-", 5));
            expectInOrder(receiver, "live-", 5);
            receiver.detach();
            c.close();

            send(sender, bodies("missed-", 10));
            InProcess.awaitDepth(broker, queue, 10);

            c = subscriber.connect("127.0.0.1", port);
            receiver = c.openDurableReceiver(name, "audit", topic());
            expectInOrder(receiver, "missed-", 10);
            receiver.close();
            InProcess.awaitGone(broker, queue);
            c.close();
        }
    }

    /**
     * A topic with a durable subscription and a non-durable subscriber, durable messages, memory short: the journal
     * keeps the messages only for the durable subscription, so once that has taken them all the journal lets them go;
     * the non-durable subscriber, which had given no credit yet, still gets every message whole (their bodies were
     * not paged out for it).
     */
    @Test
    void aNonDurableSubscriberGetsBodiesTheJournalNoLongerHolds(@TempDir Path dir) throws Exception {
        // 256 KiB: the two subscriptions and three links take 44 KiB of it (queues and links are counted in memory).
        io.ferrymq.broker.config.Limits d = io.ferrymq.broker.config.Limits.defaults();
        io.ferrymq.broker.config.Limits small = d.withMemory(256 * 1024, d.maxMessageSize());
        String name = "pj2.topic.pinned";
        String pad = "p".repeat(1024);
        int count = 150; // bodies and the two subscriptions' shares pass the low mark of the 256 KiB limit
        try (Broker b = Broker.start(
                        BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(small));
                Client subscriber = Client.create(new ClientOptions().id("pj2-pinned"))) {
            Connection c = subscriber.connect("127.0.0.1", b.ports().get(0));
            Receiver durableSub = c.openDurableReceiver(name, "keeper", topic());
            Receiver live = c.openReceiver(name, topic().creditWindow(0));
            durableSub.openFuture().get(WAIT_S, TimeUnit.SECONDS);
            live.openFuture().get(WAIT_S, TimeUnit.SECONDS);
            SenderOptions options = new SenderOptions();
            options.targetOptions().capabilities("topic");
            Sender sender = c.openSender(name, options);
            send(sender, bodies(pad, count));
            expectInOrder(durableSub, pad, count);
            InProcess.awaitDepth(b, "sub:pj2-pinned:keeper", 0);
            Await.until(
                    () -> b.store().stats().liveMessages() == 0,
                    Await.WAIT,
                    () -> "the journal to let the messages go: " + b.store().stats());
            live.addCredit(count);
            expectInOrder(live, pad, count);
            c.close();
        }
    }

    /**
     * Released: the message comes back as it was. Modified with delivery-failed: it comes back
     * counted. Modified undeliverable-here: never again to this receiver, which meanwhile gets
     * what is sent after it; another receiver gets it. Rejected: it goes to the dead-letter
     * address with the reason.
     */
    @Test
    void releasedModifiedAndRejectedOutcomes() throws Exception {
        String name = "pj2.outcomes";
        try (Connection c = connect()) {
            Sender sender = c.openSender(name);
            send(sender, "A", "B", "C", "D");
            Receiver first = c.openReceiver(name, manual());
            Map<String, Delivery> got = new HashMap<>();
            for (String expected : List.of("A", "B", "C", "D")) {
                Delivery d = receive(first, expected);
                assertThat(body(d)).isEqualTo(expected);
                assertThat(d.message().deliveryCount()).isZero();
                got.put(expected, d);
            }

            got.get("A").release();
            Delivery a = receive(first, "A released");
            assertThat(body(a)).isEqualTo("A");
            assertThat(a.message().deliveryCount())
                    .as("a release is no failed delivery")
                    .isZero();
            a.accept();

            got.get("B").modified(true, false);
            Delivery b = receive(first, "B modified");
            assertThat(body(b)).isEqualTo("B");
            assertThat(b.message().deliveryCount()).isEqualTo(1);
            b.accept();

            got.get("C").modified(true, true);
            send(sender, "E");
            Delivery e = receive(first, "E, sent after C was refused here");
            assertThat(body(e)).isEqualTo("E");
            e.accept();

            got.get("D").reject("app:unwanted", "D is not wanted");
            Receiver dead = c.openReceiver("pj2.outcomes.dead");
            Delivery d = receive(dead, "D dead-lettered");
            assertThat(body(d)).isEqualTo("D");
            assertThat(d.message().annotation("x-opt-original-address")).isEqualTo(name);
            assertThat((String) d.message().annotation("x-opt-dead-letter-reason"))
                    .contains("D is not wanted");

            Receiver second = c.openReceiver(name, manual());
            Delivery cAgain = receive(second, "C at another receiver");
            assertThat(body(cAgain)).isEqualTo("C");
            assertThat(cAgain.message().deliveryCount()).isEqualTo(1);
            cAgain.accept();
        }
        InProcess.awaitDepth(broker, name, 0);
        InProcess.awaitDepth(broker, "pj2.outcomes.dead", 0);
    }

    /** After max-deliveries failed deliveries the message goes to the dead-letter address. */
    @Test
    void deadLetteredAfterMaxDeliveries() throws Exception {
        String name = "pj2.maxdel";
        try (Connection c = connect()) {
            send(c.openSender(name), "poison");
            Receiver receiver = c.openReceiver(name, manual());
            for (int attempt = 0; attempt < 3; attempt++) {
                Delivery d = receive(receiver, "attempt " + attempt);
                assertThat(body(d)).isEqualTo("poison");
                assertThat(d.message().deliveryCount()).isEqualTo(attempt);
                d.modified(true, false);
            }
            Delivery dead = receive(c.openReceiver("pj2.maxdel.dead"), "the dead letter");
            assertThat(body(dead)).isEqualTo("poison");
            assertThat(dead.message().annotation("x-opt-delivery-failures")).isEqualTo(3);
            assertThat(dead.message().annotation("x-opt-original-queue")).isEqualTo(name);
            assertThat(dead.message().deliveryCount()).isEqualTo(3);
        }
        InProcess.awaitDepth(broker, name, 0);
        InProcess.awaitDepth(broker, "pj2.maxdel.dead", 0);
    }

    /**
     * protonj2 reuses a delivery tag as soon as its delivery is settled (tags need only be
     * unique among unsettled deliveries): one at a time the same few tags serve every message,
     * pipelined many; and at-most-once sends all carry the same empty tag. Every message arrives.
     */
    @Test
    void deliveryTagsReusedOnceSettled() throws Exception {
        String name = "pj2.tags";
        List<String> tags = Collections.synchronizedList(new ArrayList<>());
        SenderOptions recording = new SenderOptions().deliveryTagGeneratorSupplier(() -> {
            DeliveryTagGenerator pooled = ProtonDeliveryTagGenerator.BUILTIN.POOLED.createGenerator();
            return () -> {
                DeliveryTag tag = pooled.nextTag();
                tags.add(HexFormat.of().formatHex(tag.tagBytes()));
                return tag;
            };
        });
        try (Connection c = connect()) {
            Sender sender = c.openSender(name, recording);
            for (int i = 0; i < 300; i++) {
                sender.send(Message.create("one-" + i).durable(true)).awaitAccepted(WAIT_S, TimeUnit.SECONDS);
            }
            List<String> oneAtATime = List.copyOf(tags);
            send(sender, bodies("many-", 2000));
            List<String> pipelined = tags.subList(300, tags.size());
            System.out.printf(
                    "delivery tags: %d sends one at a time used %d distinct tags; %d pipelined used %d%n",
                    oneAtATime.size(),
                    oneAtATime.stream().distinct().count(),
                    pipelined.size(),
                    pipelined.stream().distinct().count());
            assertThat(oneAtATime).hasSize(300);
            assertThat(oneAtATime.stream().distinct().count())
                    .as("distinct tags one at a time")
                    .isLessThan(10);
            assertThat(pipelined).hasSize(2000);
            assertThat(pipelined.stream().distinct().count())
                    .as("distinct tags pipelined")
                    .isLessThan(2000);

            Sender presettled = c.openSender(name, new SenderOptions().deliveryMode(DeliveryMode.AT_MOST_ONCE));
            for (int i = 0; i < 100; i++) {
                presettled.send(Message.create("presettled-" + i));
            }
            Receiver receiver = c.openReceiver(name, new ReceiverOptions().creditWindow(100));
            expectInOrder(receiver, "one-", 300);
            expectInOrder(receiver, "many-", 2000);
            expectInOrder(receiver, "presettled-", 100);
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** Request and reply through a dynamic (temporary) queue, deleted when its receiver closes. */
    @Test
    void temporaryQueueRequestReply() throws Exception {
        try (Connection c = connect()) {
            Receiver replies = c.openDynamicReceiver();
            String replyTo = replies.address();
            assertThat(InProcess.queue(broker, replyTo))
                    .as("the temporary queue")
                    .isNotNull();
            Sender asker = c.openSender("pj2.requests");
            for (int i = 0; i < 10; i++) {
                asker.send(Message.create("question " + i).replyTo(replyTo).messageId("q" + i))
                        .awaitAccepted(WAIT_S, TimeUnit.SECONDS);
            }
            Receiver requests = c.openReceiver("pj2.requests");
            Sender answerer = c.openAnonymousSender();
            for (int i = 0; i < 10; i++) {
                Message<String> request = receive(requests, "request " + i).message();
                answerer.send(Message.create(request.body().toUpperCase())
                                .to(request.replyTo())
                                .correlationId(request.messageId()))
                        .awaitAccepted(WAIT_S, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 10; i++) {
                Message<String> reply = receive(replies, "reply " + i).message();
                assertThat(reply.correlationId()).isEqualTo("q" + i);
                assertThat(reply.body()).isEqualTo("QUESTION " + i);
            }
            replies.close();
            InProcess.awaitGone(broker, replyTo);
        }
    }

    /** A message whose time to live runs out moves to the expiry address, marked expired. */
    @Test
    void timeToLive() throws Exception {
        String name = "pj2.ttl";
        try (Connection c = connect()) {
            Sender sender = c.openSender(name);
            sender.send(Message.create("short-lived").durable(true).timeToLive(300))
                    .awaitAccepted(WAIT_S, TimeUnit.SECONDS);
            send(sender, "long-lived");
            Await.until(() -> InProcess.queue(broker, name).expired() == 1, "the broker to expire a message");
            Delivery kept = receive(c.openReceiver(name), "the message with no time to live");
            assertThat(body(kept)).isEqualTo("long-lived");
            Delivery expired = receive(c.openReceiver("ExpiryQueue"), "the expired message");
            assertThat(body(expired)).isEqualTo("short-lived");
            assertThat(expired.message().annotation("x-opt-expired")).isEqualTo(true);
            assertThat(expired.message().annotation("x-opt-original-address")).isEqualTo(name);
            // The copy does not expire in turn.
            assertThat(expired.message().toAdvancedMessage().header().hasTimeToLive())
                    .isFalse();
            assertThat(expired.message().absoluteExpiryTime()).isZero();
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** Highest priority first; within a priority, oldest first. */
    @Test
    void priorityOrdering() throws Exception {
        String name = "pj2.priority";
        List<String> expected = new ArrayList<>();
        try (Connection c = connect()) {
            Sender sender = c.openSender(name);
            List<Tracker> trackers = new ArrayList<>();
            for (int seq = 0; seq < 3; seq++) {
                for (int priority : new int[] {2, 7, 0, 9, 4, 1, 8, 3, 6, 5}) {
                    trackers.add(sender.send(Message.create("p" + priority + "-" + seq)
                            .durable(true)
                            .priority((byte) priority)));
                }
            }
            for (Tracker t : trackers) {
                t.awaitAccepted(WAIT_S, TimeUnit.SECONDS);
            }
            for (int priority = 9; priority >= 0; priority--) {
                for (int seq = 0; seq < 3; seq++) {
                    expected.add("p" + priority + "-" + seq);
                }
            }
            Receiver receiver = c.openReceiver(name);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                Delivery d = receive(receiver, "message " + i);
                received.add(body(d));
                assertThat(d.message().priority())
                        .isEqualTo((byte) (received.get(i).charAt(1) - '0'));
            }
            assertThat(received).containsExactlyElementsOf(expected);
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** A receiver asking for copies browses: it sees every message, and they stay on the queue. */
    @Test
    void browsing() throws Exception {
        String name = "pj2.browse";
        try (Connection c = connect()) {
            send(c.openSender(name), bodies("b", 10));
            ReceiverOptions copies = new ReceiverOptions();
            copies.sourceOptions().distributionMode(DistributionMode.COPY);
            Receiver browser = c.openReceiver(name, copies);
            for (int i = 0; i < 10; i++) {
                assertThat(body(receive(browser, "browsed b" + i))).isEqualTo("b" + i);
            }
            browser.close();
            InProcess.awaitDepth(broker, name, 10);
            expectInOrder(c.openReceiver(name), "b", 10);
        }
        InProcess.awaitDepth(broker, name, 0);
    }
}
