package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues made on demand go once unused (no consumers, no producers attached to the address, no messages) for the
 * address's {@code auto-delete-delay}: each attach to a new address made a queue for good, in memory and in the
 * journal. Those an entry names exactly, or whose entry says {@code auto-delete: false}, stay; a queue with messages
 * or a producer attached stays however long it waits.
 */
class AutoDeleteTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();
    private static final Duration DELAY = Duration.ofMillis(300);

    private static BrokerConfig config(Path dir) {
        return BrokerConfig.defaults()
                .withDataDir(dir)
                .withPort(0)
                .withAddresses(List.of(
                        AddressConfig.match("named.q")
                                .autoCreate(true)
                                .durable(true)
                                .build(),
                        AddressConfig.match("keep.#")
                                .autoCreate(true)
                                .durable(true)
                                .autoDelete(false)
                                .build(),
                        AddressConfig.match("#")
                                .autoCreate(true)
                                .durable(true)
                                .autoDeleteDelay(DELAY)
                                .build()));
    }

    /**
     * Waits well past the delay and a scan or two: what is still there stays. (A sleep, not a wait on a condition:
     * what is checked is that nothing happens.)
     */
    private static void pastTheDelay() throws InterruptedException {
        Thread.sleep(DELAY.toMillis() + 3 * AutoDelete.SCAN_MILLIS);
    }

    private static void detach(TestClient c, io.ferrymq.engine.Link link) throws Exception {
        c.call(() -> {
            link.close();
            return null;
        });
    }

    @Test
    void aQueueMadeOnDemandGoesOnceUnusedAndNotBefore(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "auto-delete")) {
            long structuresBefore = broker.memory().used();
            Sender producer = c.sender("ad.q");
            Delivery sent = c.send(producer, "kept until consumed", true, 4);
            TestClient.await(() -> sent.remoteState() instanceof Accepted);
            pastTheDelay();
            assertThat(broker.registry().queue("ad.q"))
                    .as("a producer is attached")
                    .isNotNull();
            detach(c, producer);
            pastTheDelay();
            assertThat(broker.registry().queue("ad.q"))
                    .as("a message waits on it")
                    .isNotNull();

            Receiver consumer = c.receiver("ad.q", 10);
            Delivery got = c.next();
            assertThat(TestClient.text(got)).isEqualTo("kept until consumed");
            c.accept(got);
            pastTheDelay();
            assertThat(broker.registry().queue("ad.q"))
                    .as("a consumer is attached")
                    .isNotNull();
            detach(c, consumer);
            TestClient.await(() -> broker.registry().queue("ad.q") == null);
            TestClient.await(() -> broker.registry().address("ad.q") == null); // the address goes with it
            TestClient.await(() -> broker.memory().used() == structuresBefore);

            // Made again on demand, as any new address is.
            Delivery again = c.send(c.sender("ad.q"), "again", true, 4);
            TestClient.await(() -> again.remoteState() instanceof Accepted);
            assertThat(broker.registry().queue("ad.q").depth()).isEqualTo(1);
        }
    }

    @Test
    void queuesNamedInTheConfigurationOrKeptByItStay(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "kept")) {
            for (String name : new String[] {"named.q", "keep.this", "goes.q"}) {
                Sender s = c.sender(name);
                TestClient.await(() -> broker.registry().queue(name) != null);
                detach(c, s);
            }
            TestClient.await(() -> broker.registry().queue("goes.q") == null);
            pastTheDelay();
            assertThat(broker.registry().queue("named.q")).isNotNull();
            assertThat(broker.registry().queue("keep.this")).isNotNull();
        }
    }

    @Test
    void aDeletedQueueIsNotRecoveredAfterARestart(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "restart")) {
            Receiver r = c.receiver("gone.after.restart", 1);
            TestClient.await(() -> broker.registry().queue("gone.after.restart") != null);
            detach(c, r);
            TestClient.await(() -> broker.registry().queue("gone.after.restart") == null);
        }
        try (Broker broker = Broker.start(config(dir))) {
            assertThat(broker.registry().queue("gone.after.restart")).isNull();
        }
    }
}
