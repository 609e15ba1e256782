package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog of non-durable messages nobody reads fills memory (they cannot be paged out: the journal does not hold
 * them), and producers are held back; but one that sends durable messages to a durable queue goes on, since the journal
 * holds what it sends and its bodies leave memory as they are stored. Before, full memory held every producer back:
 * one client's unread non-durable backlog stalled durable producers to every other queue.
 */
class PagingProducersTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    @Test
    void durableProducersGoOnWhileANonDurableBacklogFillsMemory(@TempDir Path dir) throws Exception {
        Limits limits = Limits.defaults().withMemory(8L << 20, 1L << 20);
        String body = "x".repeat(64 << 10);
        try (Broker broker = Broker.start(
                        BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(limits));
                TestClient flooder = TestClient.connect(broker.ports().get(0), group, "non-durable-flooder");
                TestClient durable = TestClient.connect(broker.ports().get(0), group, "durable-producer")) {
            Sender flood = flooder.sender("nd.backlog");
            int flooded = 0;
            while (!broker.memory().full()) {
                String text = "nd-" + flooded + body;
                Delivery d = flooder.call(
                        () -> flood.credit() > 0 ? flood.send(null, TestClient.message(text, false, 4), false) : null);
                if (d == null) {
                    TestClient.await(() ->
                            flooder.call(flood::credit) > 0 || broker.memory().full());
                } else {
                    flooded++;
                }
            }
            // The flooder is held back: memory is full of what it sent, and none of it can be paged out.
            TestClient.await(() -> flooder.call(flood::credit) == 0);

            Sender s = durable.sender("d.other");
            List<Delivery> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(durable.send(s, "d-" + i + "x".repeat(16 << 10), true, 4));
            }
            TestClient.await(() -> sent.stream().allMatch(d -> d.remoteState() != null));
            assertThat(sent).allMatch(d -> d.remoteState() instanceof Accepted);
            assertThat(broker.registry().queue("d.other").depth()).isEqualTo(200);
            assertThat(broker.memory().peak())
                    .isLessThanOrEqualTo(broker.memory().hardLimit());
            assertThat(flooder.call(flood::credit))
                    .as("the non-durable producer is still held back")
                    .isZero();
        }
    }
}
