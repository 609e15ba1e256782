package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.testsupport.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Qpid JMS against the broker: queues in every acknowledge mode, recovery and redelivery counts,
 * topics, durable and shared durable subscriptions, temporary queues, time to live, priorities
 * and browsing. The broker runs in this JVM, so each test can also check what it holds.
 */
class BrokerJmsIT {
    private static final long RECEIVE_MS = 10_000;
    /** Qpid JMS's own mode: each message acknowledged by itself. */
    private static final int INDIVIDUAL_ACKNOWLEDGE = 101;

    @TempDir
    static Path dataDir;

    static Broker broker;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults()
                .withDataDir(dataDir)
                .withPort(0)
                .withAddresses(InProcess.addresses(
                        AddressConfig.match("jms.ttl.#")
                                .expiryAddress("jms.ttl.expired")
                                .build(),
                        AddressConfig.match("jms.tx.small").maxMessages(2).build())));
        port = broker.ports().get(0);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Connection connect(String clientId) throws Exception {
        String uri = "amqp://127.0.0.1:" + port + "?jms.closeTimeout=10000"
                + (clientId != null ? "&jms.clientID=" + clientId : "");
        Connection c = new JmsConnectionFactory(uri).createConnection();
        c.start();
        return c;
    }

    static void send(Session session, jakarta.jms.Destination to, String... bodies) throws Exception {
        try (MessageProducer p = session.createProducer(to)) {
            for (String b : bodies) {
                p.send(session.createTextMessage(b)); // persistent: returns once the broker has it on disk
            }
        }
    }

    static String[] bodies(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    static TextMessage receive(MessageConsumer consumer, String what) throws Exception {
        Message m = consumer.receive(RECEIVE_MS);
        assertThat(m).as(what).isInstanceOf(TextMessage.class);
        return (TextMessage) m;
    }

    /** Receives {@code prefix + from} up to {@code prefix + (to - 1)}, in that order. */
    static void expectInOrder(MessageConsumer consumer, String prefix, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(receive(consumer, prefix + i).getText()).isEqualTo(prefix + i);
        }
    }

    static String text(Message m) throws Exception {
        return ((TextMessage) m).getText();
    }

    enum AckMode {
        AUTO(Session.AUTO_ACKNOWLEDGE),
        CLIENT(Session.CLIENT_ACKNOWLEDGE),
        DUPS_OK(Session.DUPS_OK_ACKNOWLEDGE),
        INDIVIDUAL(INDIVIDUAL_ACKNOWLEDGE),
        TRANSACTED(Session.SESSION_TRANSACTED);

        final int mode;

        AckMode(int mode) {
            this.mode = mode;
        }
    }

    /**
     * Twenty messages; the consumer takes ten and acknowledges them as its mode does (the
     * individual mode only the even ones), takes ten more without acknowledging them, and goes
     * away. What it did not acknowledge comes back to the next consumer, redelivered once, in
     * the original order; the queue is then empty.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(AckMode.class)
    void queueSendAndReceiveInEveryAcknowledgeMode(AckMode ack) throws Exception {
        String name = "jms.ack." + ack.name().toLowerCase();
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            send(s, s.createQueue(name), bodies("m", 0, 20));
        }
        InProcess.awaitDepth(broker, name, 20);

        List<String> expectedBack = new ArrayList<>();
        try (Connection c = connect(null)) {
            Session s = ack == AckMode.TRANSACTED
                    ? c.createSession(true, Session.SESSION_TRANSACTED)
                    : c.createSession(false, ack.mode);
            assertThat(s.getAcknowledgeMode()).isEqualTo(ack.mode);
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            for (int i = 0; i < 10; i++) {
                TextMessage m = receive(consumer, "message " + i);
                assertThat(m.getText()).isEqualTo("m" + i);
                assertThat(m.getJMSRedelivered()).isFalse();
                assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
                switch (ack) {
                    case CLIENT -> {
                        if (i == 9) {
                            m.acknowledge(); // all ten the session consumed
                        }
                    }
                    case INDIVIDUAL -> {
                        if (i % 2 == 0) {
                            m.acknowledge(); // this one only
                        } else {
                            expectedBack.add(m.getText());
                        }
                    }
                    case TRANSACTED -> {
                        if (i == 9) {
                            s.commit();
                        }
                    }
                    default -> {}
                }
            }
            for (int i = 10; i < 20; i++) {
                assertThat(receive(consumer, "message " + i).getText()).isEqualTo("m" + i);
                if (ack != AckMode.AUTO && ack != AckMode.DUPS_OK) {
                    expectedBack.add("m" + i);
                }
            }
            consumer.close();
            s.close();
        }
        InProcess.awaitDepth(broker, name, expectedBack.size());

        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            for (String expected : expectedBack) {
                TextMessage m = receive(consumer, expected + " again");
                assertThat(m.getText()).isEqualTo(expected);
                assertThat(m.getJMSRedelivered())
                        .as("redelivered flag of " + expected)
                        .isTrue();
                assertThat(m.getIntProperty("JMSXDeliveryCount"))
                        .as("delivery count of " + expected)
                        .isEqualTo(2);
            }
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** A transacted producer's messages appear when it commits and never when it rolls back. */
    @Test
    void transactedProducerCommitsAndRollsBack() throws Exception {
        String name = "jms.tx.producer";
        long memoryBefore = broker.messageMemoryBytes();
        try (Connection c = connect(null)) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(tx.createQueue(name));
            for (String b : bodies("rolled-back-", 0, 5)) {
                p.send(tx.createTextMessage(b));
            }
            tx.rollback();
            // What a transaction holds counts in the broker's memory until it ends.
            assertThat(broker.messageMemoryBytes()).isEqualTo(memoryBefore);
            for (String b : bodies("committed-", 0, 5)) {
                p.send(tx.createTextMessage(b));
            }
            // Sent but not committed: not on the queue yet, but held.
            assertThat(InProcess.queue(broker, name).depth()).isZero();
            long held = memoryBefore + 5 * "committed-0".length();
            Await.until(
                    () -> broker.messageMemoryBytes() > held,
                    Await.WAIT,
                    () -> "the transaction's messages counted: " + broker.messageMemoryBytes());
            tx.commit();
            InProcess.awaitDepth(broker, name, 5);

            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            expectInOrder(consumer, "committed-", 0, 5);
            s.rollback();
            for (int i = 0; i < 5; i++) {
                TextMessage m = receive(consumer, "committed " + i + " after rollback");
                assertThat(m.getText()).isEqualTo("committed-" + i);
                assertThat(m.getJMSRedelivered()).isTrue();
            }
            s.commit();
        }
        InProcess.awaitDepth(broker, name, 0);
        Await.until(
                () -> broker.messageMemoryBytes() == memoryBefore,
                Await.WAIT,
                () -> "the broker's memory back to " + memoryBefore + ": " + broker.messageMemoryBytes());
    }

    /**
     * A commit whose messages a queue has no room for (max-messages 2, three sent) rolls back whole: none of its
     * messages is left on the queue, and a message it consumed comes back. Before, the first two were routed, the
     * third refused, and the commit reported a rollback that had not happened.
     */
    @Test
    void aCommitTheQueuesCannotTakeRollsBackWhole() throws Exception {
        try (Connection c = connect(null)) {
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            send(plain, plain.createQueue("jms.tx.source"), "consumed-in-tx");
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(tx.createQueue("jms.tx.source"));
            assertThat(receive(consumer, "the message to consume").getText()).isEqualTo("consumed-in-tx");
            MessageProducer p = tx.createProducer(tx.createQueue("jms.tx.small"));
            for (String b : bodies("too-many-", 0, 3)) {
                p.send(tx.createTextMessage(b));
            }
            // The broker rejects the discharge with amqp:transaction:rollback, as transactions.xml#txn-discharge
            // asks; Qpid JMS 2.10 reports that condition as a JmsTransactionInDoubtException (any other condition
            // as a TransactionRolledBackException).
            assertThatThrownBy(tx::commit)
                    .isInstanceOf(jakarta.jms.JMSException.class)
                    .hasMessageContaining("rolled back")
                    .hasMessageContaining("no room");
            assertThat(InProcess.queue(broker, "jms.tx.small").depth()).isZero();
            TextMessage again = receive(consumer, "the consumed message after the rollback");
            assertThat(again.getText()).isEqualTo("consumed-in-tx");
            assertThat(again.getJMSRedelivered()).isTrue();

            for (String b : bodies("fits-", 0, 2)) {
                p.send(tx.createTextMessage(b));
            }
            tx.commit();
            InProcess.awaitDepth(broker, "jms.tx.small", 2);
            InProcess.awaitDepth(broker, "jms.tx.source", 0);
        }
    }

    /**
     * {@code Session.recover} gives the unacknowledged messages again, in order, marked
     * redelivered with JMSXDeliveryCount counting up.
     */
    @Test
    void sessionRecoverRedeliversWithDeliveryCount() throws Exception {
        String name = "jms.recover";
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            send(s, s.createQueue(name), bodies("r", 0, 3));
            MessageConsumer consumer = s.createConsumer(s.createQueue(name));
            for (int round = 1; round <= 3; round++) {
                TextMessage last = null;
                for (int i = 0; i < 3; i++) {
                    last = receive(consumer, "r" + i + " in round " + round);
                    assertThat(last.getText()).isEqualTo("r" + i);
                    assertThat(last.getJMSRedelivered()).isEqualTo(round > 1);
                    assertThat(last.getIntProperty("JMSXDeliveryCount")).isEqualTo(round);
                }
                if (round < 3) {
                    s.recover();
                } else {
                    last.acknowledge();
                }
            }
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** Every subscriber gets every message published while it is subscribed, and nothing before. */
    @Test
    void topicPublishSubscribe() throws Exception {
        String name = "jms.topic.news";
        try (Connection pub = connect(null);
                Connection sub = connect(null)) {
            Session ps = pub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = ps.createTopic(name);
            send(ps, topic, "before anyone listened");
            MessageConsumer first =
                    sub.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(topic);
            MessageConsumer second =
                    sub.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(topic);
            Await.until(() -> broker.queueNames(name).size() == 2, "two subscriptions on " + name);
            send(ps, topic, bodies("news-", 0, 20));
            for (MessageConsumer consumer : List.of(first, second)) {
                expectInOrder(consumer, "news-", 0, 20);
            }
            first.close();
            second.close();
            // Non-durable subscriptions end with their consumers.
            Await.until(() -> broker.queueNames(name).isEmpty(), "the subscriptions to go");
        }
    }

    /**
     * A durable subscriber that goes away gets, when it comes back, what was published while it
     * was away; unsubscribing removes the subscription.
     */
    @Test
    void durableSubscriberGetsWhatItMissed() throws Exception {
        String name = "jms.topic.durable";
        String queue = "sub:durable-client:missed";
        try (Connection c = connect("durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s.createTopic(name);
            MessageConsumer subscriber = s.createDurableSubscriber(topic, "missed");
            send(s, topic, bodies("live-", 0, 5));
            expectInOrder(subscriber, "live-", 0, 5);
        }
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            send(s, s.createTopic(name), bodies("missed-", 0, 10));
        }
        InProcess.awaitDepth(broker, queue, 10);
        try (Connection c = connect("durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s.createTopic(name);
            MessageConsumer subscriber = s.createDurableSubscriber(topic, "missed");
            expectInOrder(subscriber, "missed-", 0, 10);
            subscriber.close();
            s.unsubscribe("missed");
        }
        InProcess.awaitGone(broker, queue);
    }

    /**
     * Two consumers, on two connections, share one durable subscription: between them they get
     * each message once, and both get some. The subscription outlives them until unsubscribed.
     */
    @Test
    void sharedDurableSubscriptionWithTwoConsumers() throws Exception {
        String name = "jms.topic.shared";
        String queue = "sub:shared-work";
        try (Connection a = connect(null);
                Connection b = connect(null);
                Connection pub = connect(null)) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer ca = sa.createSharedDurableConsumer(sa.createTopic(name), "shared-work");
            MessageConsumer cb = sb.createSharedDurableConsumer(sb.createTopic(name), "shared-work");
            Await.until(
                    () -> InProcess.queue(broker, queue) != null
                            && InProcess.queue(broker, queue).consumers() == 2,
                    "two consumers on " + queue);
            Session ps = pub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            send(ps, ps.createTopic(name), bodies("work-", 0, 100));

            Map<String, String> receivedBy = new ConcurrentHashMap<>();
            List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> counts = new ArrayList<>();
                for (var entry : Map.of("a", ca, "b", cb).entrySet()) {
                    counts.add(pool.submit(() -> {
                        int n = 0;
                        while (receivedBy.size() < 100) {
                            Message m = entry.getValue().receive(200);
                            if (m != null) {
                                n++;
                                if (receivedBy.putIfAbsent(text(m), entry.getKey()) != null) {
                                    duplicates.add(text(m));
                                }
                            }
                        }
                        return n;
                    }));
                }
                for (Future<Integer> f : counts) {
                    assertThat(f.get(60, TimeUnit.SECONDS))
                            .as("messages one consumer got")
                            .isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(duplicates).isEmpty();
            assertThat(receivedBy.keySet()).containsExactlyInAnyOrder(bodies("work-", 0, 100));
            ca.close();
            cb.close();
            InProcess.awaitDepth(broker, queue, 0);

            send(ps, ps.createTopic(name), bodies("later-", 0, 5));
            InProcess.awaitDepth(broker, queue, 5);
            MessageConsumer again = sa.createSharedDurableConsumer(sa.createTopic(name), "shared-work");
            expectInOrder(again, "later-", 0, 5);
            again.close();
            sa.unsubscribe("shared-work");
        }
        InProcess.awaitGone(broker, queue);
    }

    /** Request and reply through a temporary queue, which goes away with its connection. */
    @Test
    void temporaryQueueRequestReply() throws Exception {
        String requests = "jms.requests";
        String temporaryName;
        try (Connection server = connect(null);
                Connection client = connect(null)) {
            Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer incoming = ss.createConsumer(ss.createQueue(requests));
            MessageProducer replies = ss.createProducer(null);
            incoming.setMessageListener(request -> {
                try {
                    TextMessage reply = ss.createTextMessage(text(request).toUpperCase());
                    reply.setJMSCorrelationID(request.getJMSMessageID());
                    replies.send(request.getJMSReplyTo(), reply);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Session cs = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyTo = cs.createTemporaryQueue();
            temporaryName = replyTo.getQueueName();
            assertThat(InProcess.queue(broker, temporaryName))
                    .as("the temporary queue on the broker")
                    .isNotNull();
            MessageConsumer answers = cs.createConsumer(replyTo);
            MessageProducer asker = cs.createProducer(cs.createQueue(requests));
            Map<String, String> asked = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                TextMessage request = cs.createTextMessage("question " + i);
                request.setJMSReplyTo(replyTo);
                asker.send(request);
                asked.put(request.getJMSMessageID(), "QUESTION " + i);
            }
            for (int i = 0; i < 10; i++) {
                TextMessage reply = receive(answers, "reply " + i);
                assertThat(asked.remove(reply.getJMSCorrelationID()))
                        .as("the request answered")
                        .isEqualTo(reply.getText());
            }
            assertThat(asked).isEmpty();
        }
        InProcess.awaitGone(broker, temporaryName);
    }

    /**
     * A message whose time to live runs out on the queue is moved to the expiry address; one
     * without a time to live stays for the consumer.
     */
    @Test
    void messageTimeToLive() throws Exception {
        String name = "jms.ttl.orders";
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = s.createQueue(name);
            try (MessageProducer p = s.createProducer(queue)) {
                p.send(s.createTextMessage("short-lived"), DeliveryMode.PERSISTENT, 4, 300);
                p.send(s.createTextMessage("long-lived"));
            }
            Await.until(() -> InProcess.queue(broker, name).expired() == 1, "the broker to expire a message");
            InProcess.awaitDepth(broker, name, 1);
            MessageConsumer consumer = s.createConsumer(queue);
            assertThat(receive(consumer, "the message with no time to live").getText())
                    .isEqualTo("long-lived");
            MessageConsumer expired = s.createConsumer(s.createQueue("jms.ttl.expired"));
            assertThat(receive(expired, "the expired message").getText()).isEqualTo("short-lived");
        }
        InProcess.awaitDepth(broker, name, 0);
        InProcess.awaitDepth(broker, "jms.ttl.expired", 0);
    }

    /** Messages waiting on a queue come out highest priority first, and in order within a priority. */
    @Test
    void priorityOrdering() throws Exception {
        String name = "jms.priority";
        List<int[]> sent = new ArrayList<>();
        for (int seq = 0; seq < 3; seq++) {
            for (int priority : new int[] {3, 9, 0, 5, 1, 7, 4, 8, 2, 6}) {
                sent.add(new int[] {priority, seq});
            }
        }
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = s.createQueue(name);
            try (MessageProducer p = s.createProducer(queue)) {
                for (int[] m : sent) {
                    p.send(s.createTextMessage("p" + m[0] + "-" + m[1]), DeliveryMode.PERSISTENT, m[0], 0);
                }
            }
            InProcess.awaitDepth(broker, name, sent.size());
            MessageConsumer consumer = s.createConsumer(queue);
            List<String> expected = sent.stream()
                    .sorted((x, y) -> x[0] != y[0] ? y[0] - x[0] : x[1] - y[1])
                    .map(m -> "p" + m[0] + "-" + m[1])
                    .toList();
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                TextMessage m = receive(consumer, "message " + i);
                received.add(m.getText());
                assertThat(m.getJMSPriority())
                        .isEqualTo(Integer.parseInt(m.getText().substring(1, 2)));
            }
            assertThat(received).containsExactlyElementsOf(expected);
        }
        InProcess.awaitDepth(broker, name, 0);
    }

    /** A browser sees the queue's messages in order without taking them. */
    @Test
    void queueBrowser() throws Exception {
        String name = "jms.browse";
        try (Connection c = connect(null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = s.createQueue(name);
            send(s, queue, bodies("b", 0, 10));
            for (int pass = 0; pass < 2; pass++) {
                try (QueueBrowser browser = s.createBrowser(queue)) {
                    List<String> seen = new ArrayList<>();
                    Enumeration<?> e = browser.getEnumeration();
                    while (e.hasMoreElements()) {
                        seen.add(text((Message) e.nextElement()));
                    }
                    assertThat(seen).as("browse pass " + pass).containsExactly(bodies("b", 0, 10));
                }
                InProcess.awaitDepth(broker, name, 10);
            }
            MessageConsumer consumer = s.createConsumer(queue);
            expectInOrder(consumer, "b", 0, 10);
            consumer.close();
            InProcess.awaitDepth(broker, name, 0);
            try (QueueBrowser browser = s.createBrowser(queue)) {
                assertThat(browser.getEnumeration().hasMoreElements())
                        .as("a browser of the empty queue")
                        .isFalse();
            }
        }
    }
}
