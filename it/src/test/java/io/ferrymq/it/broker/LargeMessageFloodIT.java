package io.ferrymq.it.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.testsupport.Await;
import io.ferrymq.testsupport.BrokerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Producers of large non-durable messages (which cannot be paged out) against a broker process with a small heap
 * ({@code -Xmx256m}, G1, exiting on OutOfMemoryError as {@code ferry broker} does): three Qpid protonj2 producers of
 * 1 MiB messages and a consumer. The broker once granted each producer 1,000 messages of credit before it knew their
 * size, and counted a 1 MiB body as 1 MiB though G1 gives it two 1 MiB regions: it ran out of heap within seconds.
 * Now the producers are held back once memory is full (the consumer starts only then), every message is taken, none
 * refused, and the consumer gets each producer's messages whole and in order.
 */
class LargeMessageFloodIT {
    private static final int PRODUCERS = 3;
    private static final int PER_PRODUCER = 150;
    private static final int SIZE = 1 << 20;
    private static final String QUEUE = "flood.large";

    /** Message {@code i} of producer {@code p}: both in its first bytes, then a pattern made from them. */
    static byte[] body(int p, int i) {
        byte[] b = new byte[SIZE];
        b[0] = (byte) p;
        b[1] = (byte) (i >>> 8);
        b[2] = (byte) i;
        for (int k = 3; k < SIZE; k++) {
            b[k] = (byte) (p * 31 + i * 7 + k);
        }
        return b;
    }

    private static Void produce(Client client, int port, int p) throws Exception {
        try (Connection c = client.connect("127.0.0.1", port)) {
            Sender sender = c.openSender(QUEUE);
            List<Tracker> sent = new ArrayList<>();
            for (int i = 0; i < PER_PRODUCER; i++) {
                sent.add(sender.send(Message.create(body(p, i))));
            }
            for (int i = 0; i < sent.size(); i++) {
                assertThat(sent.get(i)
                                .awaitSettlement(60, TimeUnit.SECONDS)
                                .remoteState()
                                .isAccepted())
                        .as("producer %d's message %d accepted", p, i)
                        .isTrue();
            }
        }
        return null;
    }

    @Test
    void producersOfLargeMessagesDoNotRunASmallHeapOut(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try (BrokerProcess broker = BrokerProcess.start(
                        dir.resolve("data"),
                        dir.resolve("broker.log"),
                        "-Xmx256m",
                        "-XX:+UseG1GC",
                        "-XX:+ExitOnOutOfMemoryError");
                Client client = Client.create(new ClientOptions().id("flood-it"))) {
            long start = System.nanoTime();
            List<Future<Void>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(pool.submit(() -> produce(client, broker.port(), producer)));
            }
            // The consumer comes only once memory is full: what the producers hold then is the credit they had.
            Await.until(
                    () -> broker.log().contains("memory full:") || !broker.isAlive(),
                    Await.WAIT,
                    () -> "the broker to say its memory is full:\n" + broker.log());
            assertThat(broker.isAlive()).as("broker alive:%n%s", broker.log()).isTrue();
            int[] next = new int[PRODUCERS];
            try (Connection c = client.connect("127.0.0.1", broker.port())) {
                Receiver receiver = c.openReceiver(QUEUE, new ReceiverOptions().creditWindow(10));
                for (int n = 0; n < PRODUCERS * PER_PRODUCER; n++) {
                    Delivery d = receiver.receive(60, TimeUnit.SECONDS);
                    assertThat(d)
                            .as("message %d arrived (broker alive: %s)", n, broker.isAlive())
                            .isNotNull();
                    Message<byte[]> m = d.message();
                    byte[] b = m.body();
                    int p = b[0];
                    int i = ((b[1] & 0xff) << 8) | (b[2] & 0xff);
                    assertThat(i).as("producer %d's order", p).isEqualTo(next[p]++);
                    assertThat(b).as("producer %d's message %d", p, i).isEqualTo(body(p, i));
                    d.accept();
                }
            }
            for (Future<Void> f : producers) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertThat(broker.log()).contains("memory below the low mark again");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "LargeMessageFloodIT: %d producers sent %d x 1 MiB each through a broker at -Xmx256m "
                            + "in %.1f s; peak RSS %,d MiB%n",
                    PRODUCERS,
                    PER_PRODUCER,
                    seconds,
                    BrokerMemoryIT.measure(broker.pid()).peakRssBytes() >> 20);
            assertThat(broker.stop()).as("exit status after SIGTERM").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
