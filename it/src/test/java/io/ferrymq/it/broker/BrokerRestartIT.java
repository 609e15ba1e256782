package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.BrokerProcess;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable messages and durable subscriptions survive the broker process being stopped cleanly
 * (SIGTERM) or killed (SIGKILL), round after round on the same data directory. Each round,
 * producers send persistent messages (Qpid JMS waits for the broker's acceptance, which comes
 * once the journal has the message on disk) to a queue and to a topic with a durable
 * subscription whose subscriber is away; a consumer takes some of the queue's; then the broker
 * goes down, with the producers still sending when it is killed. On restart every message whose
 * send returned must come back exactly once, byte for byte; a message whose send failed may come
 * back, once; an acknowledged one comes back only after a kill (its removal may not have
 * reached the disk), never after a clean stop.
 */
class BrokerRestartIT {
    private static final String QUEUE = "restart.orders";
    private static final String TOPIC = "restart.events";
    private static final String CLIENT_ID = "restart-subscriber";
    private static final String SUBSCRIPTION = "audit";
    private static final int PER_ROUND = 300;
    private static final int CONSUMED_PER_ROUND = 50;
    private static final long RECEIVE_MS = 20_000;

    enum Stop {
        SIGTERM,
        SIGKILL
    }

    /** What each destination should give back after the next restart. */
    static final class Expectations {
        final String destination;
        /** Sends that returned: must come back exactly once. */
        final Map<String, String> confirmed = new ConcurrentHashMap<>();
        /** Sends that failed as the broker went down: may come back, once. */
        final Set<String> uncertain = ConcurrentHashMap.newKeySet();
        /** Messages acknowledged by a consumer: may come back, once, only after a kill. */
        final Set<String> consumed = ConcurrentHashMap.newKeySet();

        Expectations(String destination) {
            this.destination = destination;
        }

        void clear() {
            confirmed.clear();
            uncertain.clear();
            consumed.clear();
        }
    }

    @Test
    void durableMessagesAndSubscriptionsSurviveSigkill(@TempDir Path dir) throws Exception {
        rounds(dir, Stop.SIGKILL, 3);
    }

    @Test
    void durableMessagesAndSubscriptionsSurviveACleanStop(@TempDir Path dir) throws Exception {
        rounds(dir, Stop.SIGTERM, 2);
    }

    private void rounds(Path dir, Stop stop, int rounds) throws Exception {
        Path data = dir.resolve("data");
        Expectations queue = new Expectations(QUEUE);
        Expectations topic = new Expectations(TOPIC);
        for (int round = 0; round <= rounds; round++) {
            try (BrokerProcess broker = BrokerProcess.start(data, dir.resolve("broker-" + round + ".log"))) {
                if (round == 0) {
                    subscribe(broker.port());
                } else {
                    int[] q = verify(broker.port(), queue, stop, round);
                    int[] t = verify(broker.port(), topic, stop, round);
                    System.out.printf(
                            "%s round %d: queue %d confirmed back, %d uncertain, %d consumed again; "
                                    + "subscription %d confirmed back, %d uncertain%n",
                            stop, round, q[0], q[1], q[2], t[0], t[1]);
                }
                if (round == rounds) {
                    assertThat(broker.stop()).as("exit status after SIGTERM").isEqualTo(0);
                    break;
                }
                produceAndStop(broker, queue, topic, stop, round);
            }
        }
    }

    static Connection connect(int port, String clientId) throws JMSException {
        Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?jms.closeTimeout=10000"
                        + (clientId != null ? "&jms.clientID=" + clientId : ""))
                .createConnection();
        c.start();
        return c;
    }

    /** Creates the durable subscription, then leaves it without a subscriber. */
    private static void subscribe(int port) throws JMSException {
        try (Connection c = connect(port, CLIENT_ID)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic(TOPIC), SUBSCRIPTION).close();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Two producers (queue, topic) send until each has {@link #PER_ROUND} confirmed; a consumer
     * takes some of the queue's; then the broker is stopped or killed. A killed broker goes
     * down while the producers are still sending.
     */
    private void produceAndStop(BrokerProcess broker, Expectations queue, Expectations topic, Stop stop, int round)
            throws Exception {
        AtomicBoolean keepSending = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> q = pool.submit(() -> produce(broker.port(), queue, false, round, keepSending));
            Future<?> t = pool.submit(() -> produce(broker.port(), topic, true, round, keepSending));
            Await.until(
                    () -> queue.confirmed.size() >= PER_ROUND && topic.confirmed.size() >= PER_ROUND,
                    Await.WAIT,
                    () -> "the producers to have " + PER_ROUND + " messages each confirmed");
            consume(broker.port(), queue, CONSUMED_PER_ROUND);
            if (stop == Stop.SIGKILL) {
                assertThat(broker.kill()).as("exit status after SIGKILL").isEqualTo(137);
                keepSending.set(false);
                q.get(60, TimeUnit.SECONDS);
                t.get(60, TimeUnit.SECONDS);
            } else {
                keepSending.set(false);
                q.get(60, TimeUnit.SECONDS);
                t.get(60, TimeUnit.SECONDS);
                assertThat(broker.stop()).as("exit status after SIGTERM").isEqualTo(0);
                assertThat(broker.log()).contains("broker ferry stopped");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends persistent messages of random sizes until told to stop or the broker goes away. */
    private static Void produce(int port, Expectations into, boolean toTopic, int round, AtomicBoolean keepSending)
            throws Exception {
        SplittableRandom random = new SplittableRandom(round * 31L + (toTopic ? 1 : 0));
        try (Connection c = connect(port, null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination to = toTopic ? s.createTopic(into.destination) : s.createQueue(into.destination);
            MessageProducer producer = s.createProducer(to);
            for (int i = 0; keepSending.get(); i++) {
                String id = into.destination + "-" + round + "-" + i;
                byte[] body = new byte[16 + random.nextInt(16 * 1024)];
                random.nextBytes(body);
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(body);
                m.setStringProperty("id", id);
                m.setStringProperty("sha256", sha256(body));
                into.uncertain.add(id);
                try {
                    producer.send(m);
                } catch (JMSException e) {
                    return null; // the broker went away with this send unanswered: it stays uncertain
                }
                into.uncertain.remove(id);
                into.confirmed.put(id, sha256(body));
            }
        } catch (JMSException e) {
            // Closing a connection to a killed broker may fail too.
        }
        return null;
    }

    /** Takes {@code n} messages off the queue and acknowledges them (the connection closes only once they are). */
    private static void consume(int port, Expectations queue, int n) throws Exception {
        try (Connection c = connect(port, null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(QUEUE));
            for (int i = 0; i < n; i++) {
                Message m = consumer.receive(RECEIVE_MS);
                assertThat(m).as("message %d to consume", i).isNotNull();
                String id = m.getStringProperty("id");
                assertThat(queue.confirmed.remove(id))
                        .as("a consumed message was one confirmed: " + id)
                        .isNotNull();
                queue.consumed.add(id);
            }
        }
    }

    /**
     * Sends a marker behind what the restarted broker recovered, then takes everything up to it:
     * every confirmed message once and intact, nothing unexpected. Returns how many were
     * confirmed, uncertain and consumed ones.
     */
    private static int[] verify(int port, Expectations expected, Stop stop, int round) throws Exception {
        boolean toTopic = expected.destination.equals(TOPIC);
        String marker = "marker-" + round;
        Map<String, Integer> seen = new HashMap<>();
        Set<String> corrupt = new HashSet<>();
        Set<String> unexpected = new HashSet<>();
        try (Connection c = connect(port, toTopic ? CLIENT_ID : null)) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination from;
            MessageConsumer consumer;
            if (toTopic) {
                Topic topic = s.createTopic(TOPIC);
                from = topic;
                consumer = s.createDurableSubscriber(topic, SUBSCRIPTION);
            } else {
                from = s.createQueue(QUEUE);
                consumer = s.createConsumer(from);
            }
            try (MessageProducer p = s.createProducer(from)) {
                BytesMessage m = s.createBytesMessage();
                m.setStringProperty("id", marker);
                p.send(m);
            }
            while (true) {
                Message m = consumer.receive(RECEIVE_MS);
                assertThat(m)
                        .as("the next message before %s's marker (%d seen)", expected.destination, seen.size())
                        .isNotNull();
                String id = m.getStringProperty("id");
                if (marker.equals(id)) {
                    break;
                }
                seen.merge(id, 1, Integer::sum);
                byte[] body = m.getBody(byte[].class);
                if (!sha256(body).equals(m.getStringProperty("sha256"))
                        || (expected.confirmed.containsKey(id)
                                && !expected.confirmed.get(id).equals(sha256(body)))) {
                    corrupt.add(id);
                }
                boolean allowed = expected.confirmed.containsKey(id)
                        || expected.uncertain.contains(id)
                        || (stop == Stop.SIGKILL && expected.consumed.contains(id));
                if (!allowed) {
                    unexpected.add(id);
                }
            }
            consumer.close();
        }
        Set<String> lost = new HashSet<>(expected.confirmed.keySet());
        lost.removeAll(seen.keySet());
        assertThat(lost)
                .as("confirmed messages lost from " + expected.destination)
                .isEmpty();
        assertThat(corrupt)
                .as("corrupted messages from " + expected.destination)
                .isEmpty();
        assertThat(unexpected)
                .as("messages from " + expected.destination + " that should not be there")
                .isEmpty();
        assertThat(seen.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey)
                        .toList())
                .as("messages from " + expected.destination + " that came back more than once")
                .isEmpty();
        int uncertainBack = (int)
                seen.keySet().stream().filter(expected.uncertain::contains).count();
        int consumedBack =
                (int) seen.keySet().stream().filter(expected.consumed::contains).count();
        int confirmed = expected.confirmed.size();
        expected.clear();
        return new int[] {confirmed, uncertainBack, consumedBack};
    }
}
