package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.BrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers that grant much credit and a wide session window, then stop reading their sockets, while a durable
 * backlog of large messages waits: the broker must not write the backlog towards them (it would sit in the heap,
 * unwritten, for as long as they do not read), its heap stays within bounds, other clients carry on, and once the
 * peers have read nothing for {@code limits.unread-timeout} the broker disconnects them and their messages go back to
 * the queue, none lost ({@code transport.xml#doc-flow-control}: credit says what a peer may take, not that it reads).
 */
class NonReadingConsumerIT {
    private static final int COUNT = 300;
    private static final int STALLED = 20;
    private static final String QUEUE = "stall.large";

    @Test
    void consumersThatStopReadingHoldNoBacklogInTheHeapAndAreDisconnected(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("broker.yaml");
        Files.writeString(config, "limits:\n  unread-timeout: 8s\n");
        try (BrokerProcess broker = BrokerProcess.start(
                        dir.resolve("data"),
                        dir.resolve("broker.log"),
                        List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"),
                        "--config",
                        config.toString());
                Client client = Client.create(new ClientOptions().id("non-reading-it"))) {
            LargeMessageBacklogIT.sendDurable(client, broker.port(), QUEUE, COUNT);

            List<RawAmqp> stalled = new ArrayList<>();
            try {
                for (int k = 0; k < STALLED; k++) {
                    RawAmqp peer = openStalled(broker, k);
                    peer.frame(
                            0,
                            new Begin()
                                    .nextOutgoingId(0)
                                    .incomingWindow(1_000_000)
                                    .outgoingWindow(1000));
                    peer.frame(
                            0,
                            new Attach()
                                    .name("stalled-" + k)
                                    .handle(0)
                                    .role(Role.RECEIVER)
                                    .source(new Source().address(QUEUE))
                                    .target(new Target()));
                    peer.frame(
                            0,
                            new Flow()
                                    .nextIncomingId(0)
                                    .incomingWindow(1_000_000)
                                    .nextOutgoingId(0)
                                    .outgoingWindow(1000)
                                    .handle(0)
                                    .deliveryCount(0)
                                    .linkCredit(1000));
                    stalled.add(peer); // and never read from again
                }
                // The broker writes what each peer's socket takes, then should stop: measured once every peer has
                // had its receive buffer filled.
                Await.until(
                        () -> stalled.stream().allMatch(RawAmqp::hasUnreadBytes),
                        Duration.ofSeconds(30),
                        () -> "the broker to write to every peer");

                // Other clients carry on meanwhile.
                long start = System.nanoTime();
                try (Connection c = client.connect("127.0.0.1", broker.port())) {
                    Sender sender = c.openSender("stall.other");
                    Receiver receiver = c.openReceiver("stall.other");
                    for (int i = 0; i < 20; i++) {
                        sender.send(Message.create("other " + i).durable(true)).awaitSettlement(30, TimeUnit.SECONDS);
                    }
                    for (int i = 0; i < 20; i++) {
                        Delivery d = receiver.receive(30, TimeUnit.SECONDS);
                        assertThat(d).as("other message %d", i).isNotNull();
                        assertThat(d.message().body()).isEqualTo("other " + i);
                        d.accept();
                    }
                }
                double otherSeconds = (System.nanoTime() - start) / 1e9;

                BrokerMemoryIT.Memory memory = BrokerMemoryIT.measure(broker.pid());
                System.out.printf(
                        "NonReadingConsumerIT: %d peers not reading with credit 1,000 each over %d x 1 MiB"
                                + " durable; another client's 20 sends and receives took %.1f s; %s%n",
                        STALLED, COUNT, otherSeconds, memory);
                assertThat(broker.isAlive()).isTrue();
                assertThat(memory.heapUsedBytes())
                        .as("live heap with the peers stalled")
                        .isLessThan(memory.maxHeapBytes() / 2);

                // Past the unread timeout the broker lets the stalled peers go.
                Await.until(
                        () -> broker.log().split("read nothing", -1).length > STALLED,
                        Duration.ofSeconds(60),
                        () -> "the broker to disconnect " + STALLED + " peers that read nothing:\n" + broker.log());
                for (RawAmqp peer : stalled) {
                    peer.awaitEndOfStream(); // what was written before the close, then the end
                }
            } finally {
                for (RawAmqp peer : stalled) {
                    peer.close();
                }
            }

            // Nothing the stalled peers were sent is lost: all of it is delivered again.
            BitSet seen = new BitSet();
            long drainStart = System.nanoTime();
            try (Connection c = client.connect("127.0.0.1", broker.port())) {
                Receiver receiver = c.openReceiver(QUEUE, new ReceiverOptions().creditWindow(20));
                for (int i = 0; i < COUNT; i++) {
                    Delivery d = receiver.receive(60, TimeUnit.SECONDS);
                    assertThat(d).as("message %d of %d", i, COUNT).isNotNull();
                    byte[] body = (byte[]) d.message().body();
                    int index = ((body[1] & 0xff) << 8) | (body[2] & 0xff);
                    assertThat(body).isEqualTo(LargeMessageFloodIT.body(0, index));
                    seen.set(index);
                    d.accept();
                }
                assertThat(receiver.receive(200, TimeUnit.MILLISECONDS)).isNull();
            }
            assertThat(seen.cardinality()).isEqualTo(COUNT);
            System.out.printf(
                    "NonReadingConsumerIT: all %d delivered again in %.1f s%n",
                    COUNT, (System.nanoTime() - drainStart) / 1e9);
            assertThat(broker.stop()).as("exit status after SIGTERM").isZero();
        }
    }

    private static RawAmqp openStalled(BrokerProcess broker, int k) {
        try {
            return RawAmqp.open(RawAmqp.connect(broker.port(), 16 * 1024), "stalled-" + k);
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "peer " + k + " could not open (broker alive: " + broker.isAlive() + "):\n" + broker.log(), e);
        }
    }
}
