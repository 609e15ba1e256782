package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues made on demand are bounded: one connection may have made at most 1,000 that still exist, and the broker holds
 * at most a quarter of its memory limit's worth (64 KiB counted each); past either an attach is refused with
 * amqp:resource-limit-exceeded, and the broker and the connection carry on. (Each attach to a new address made a
 * durable queue of ~12 KB counted nowhere: a few thousand ran a 128 MiB heap out.)
 */
class QueueLimitsTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    /** Attaches senders to {@code n} new addresses at once; returns them once the broker answered each. */
    private static List<Sender> attachMany(TestClient c, String prefix, int n) throws Exception {
        List<Sender> senders = c.call(() -> {
            List<Sender> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Sender s = c.session.sender(prefix + i + "-" + System.nanoTime());
                s.source(new Source()).target(new Target().address(prefix + i));
                s.attach();
                out.add(s);
            }
            return out;
        });
        TestClient.await(() -> c.call(() -> senders.stream()
                .allMatch(s -> s.remoteState() == EndpointState.ACTIVE || s.remoteDetach() != null)));
        return senders;
    }

    private static long refused(TestClient c, List<Sender> senders) throws Exception {
        return c.call(() -> senders.stream().filter(s -> s.remoteDetach() != null).peek(s -> assertThat(
                s.remoteDetach().error().condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED)).count());
    }

    @Test
    void aConnectionMakesAtMostAThousandQueuesOnDemand(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "greedy");
                TestClient other = TestClient.connect(broker.ports().get(0), group, "other")) {
            List<Sender> senders = attachMany(c, "auto.", 1_010);
            assertThat(refused(c, senders)).isEqualTo(10);
            assertThat(broker.registry().queues()).hasSize(1_000);
            // Another connection still makes its own, and existing addresses stay open to everyone.
            assertThat(refused(other, attachMany(other, "other.", 5))).isZero();
            assertThat(refused(c, attachMany(c, "auto.", 3))).isZero();
        }
    }

    @Test
    void theBrokerHoldsAtMostItsMemorysWorthOfQueues(@TempDir Path dir) throws Exception {
        Limits d = Limits.defaults();
        Limits small = new Limits(64L << 20, d.maxConnections(), d.maxMessageSize(), d.maxDeliveries(),
                d.deadLetterAddress(), d.expiryAddress(), d.producerCredit(), d.maxSessionsPerConnection(),
                d.maxLinksPerSession(), d.idleTimeoutMillis());
        try (Broker broker = Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(small))) {
            assertThat(broker.maxQueues()).isEqualTo(1_024);
            long refusedTotal = 0;
            for (int k = 0; k < 2; k++) {
                try (TestClient c = TestClient.connect(broker.ports().get(0), group, "filler-" + k)) {
                    refusedTotal += refused(c, attachMany(c, "q" + k + ".", 600));
                }
            }
            assertThat(refusedTotal).isEqualTo(1_200 - 1_024);
            assertThat(broker.registry().queues()).hasSize(1_024);
        }
    }
}
