package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.BrokerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.apache.qpid.protonj2.client.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable backlog of large messages larger than the heap, consumed by a Qpid protonj2 receiver with much credit
 * (1,000 messages) on a broker process with a small heap ({@code -Xmx256m}, G1, exiting on OutOfMemoryError). The
 * broker read the backlog back from the journal as fast as the consumer's credit allowed, queued it in the session
 * while the consumer's incoming window was shut, and kept each body in memory until the consumer settled it: it ran
 * out of heap as the consumer attached. Now it hands the consumer no more while deliveries wait for its window,
 * drops the body of a sent message the journal holds, and reads back a few MiB at a time.
 */
class LargeMessageBacklogIT {
    private static final int COUNT = 300;
    private static final String QUEUE = "backlog.large";

    @Test
    void aBacklogOfLargeMessagesLargerThanTheHeapIsConsumed(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(
                        dir.resolve("data"),
                        dir.resolve("broker.log"),
                        "-Xmx256m",
                        "-XX:+UseG1GC",
                        "-XX:+ExitOnOutOfMemoryError");
                Client client = Client.create(new ClientOptions().id("large-backlog-it"))) {
            sendDurable(client, broker.port(), QUEUE, COUNT);
            long start = System.nanoTime();
            try (Connection c = client.connect("127.0.0.1", broker.port())) {
                Receiver receiver = c.openReceiver(QUEUE, new ReceiverOptions().creditWindow(1000));
                for (int i = 0; i < COUNT; i++) {
                    Delivery d = receiver.receive(60, TimeUnit.SECONDS);
                    assertThat(d)
                            .as("message %d (broker alive: %s)", i, broker.isAlive())
                            .isNotNull();
                    Message<byte[]> m = d.message();
                    assertThat(m.body()).as("message %d", i).isEqualTo(LargeMessageFloodIT.body(0, i));
                    d.accept();
                }
            }
            System.out.printf(
                    "LargeMessageBacklogIT: %d x 1 MiB durable consumed at -Xmx256m in %.1f s; peak RSS %,d" + " MiB%n",
                    COUNT,
                    (System.nanoTime() - start) / 1e9,
                    BrokerMemoryIT.measure(broker.pid()).peakRssBytes() >> 20);
            assertThat(broker.stop()).as("exit status after SIGTERM").isZero();
        }
    }

    /** Sends {@code count} durable 1 MiB messages ({@link LargeMessageFloodIT#body}) to {@code queue}, all accepted. */
    static void sendDurable(Client client, int port, String queue, int count) throws Exception {
        try (Connection c = client.connect("127.0.0.1", port)) {
            Sender sender = c.openSender(queue);
            List<Tracker> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(sender.send(
                        Message.create(LargeMessageFloodIT.body(0, i)).durable(true)));
            }
            for (Tracker t : sent) {
                assertThat(t.awaitSettlement(60, TimeUnit.SECONDS).remoteState().isAccepted())
                        .isTrue();
            }
        }
    }
}
