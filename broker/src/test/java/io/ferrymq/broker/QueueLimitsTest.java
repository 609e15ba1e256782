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
        TestClient.await(() -> c.call(() ->
                senders.stream().allMatch(s -> s.remoteState() == EndpointState.ACTIVE || s.remoteDetach() != null)));
        return senders;
    }

    private static long refused(TestClient c, List<Sender> senders) throws Exception {
        return c.call(() -> senders.stream()
                .filter(s -> s.remoteDetach() != null)
                .peek(s ->
                        assertThat(s.remoteDetach().error().condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED))
                .count());
    }

    @Test
    void aConnectionMakesAtMostAThousandQueuesOnDemand(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
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
        Limits small = Limits.defaults().withMemory(64L << 20, Limits.defaults().maxMessageSize());
        try (Broker broker = Broker.start(
                BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(small))) {
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

    /**
     * The per-user limit counts all of a user's connections: two connections of one (anonymous) user together make at
     * most {@code max-auto-created-queues-per-user}; once some of those queues are deleted, more may be made.
     */
    @Test
    void aUsersConnectionsTogetherMakeAtMostTheirLimitOfQueues(@TempDir Path dir) throws Exception {
        Limits perUser = Limits.defaults().withMaxAutoCreatedQueuesPerUser(30);
        try (Broker broker = Broker.start(
                        BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(perUser));
                TestClient a = TestClient.connect(broker.ports().get(0), group, "user-a1");
                TestClient b = TestClient.connect(broker.ports().get(0), group, "user-a2")) {
            assertThat(refused(a, attachMany(a, "a.", 20))).isZero();
            List<Sender> fromB = attachMany(b, "b.", 20);
            assertThat(refused(b, fromB)).isEqualTo(10);
            assertThat(b.call(() -> fromB.stream()
                            .filter(s -> s.remoteDetach() != null)
                            .findFirst()
                            .orElseThrow()
                            .remoteDetach()
                            .error()
                            .description()))
                    .contains("max-auto-created-queues-per-user");
            assertThat(broker.registry().queues()).hasSize(30);
            // Deleting a queue gives its maker's count back.
            broker.registry().queue("a.0").deleteQueue();
            TestClient.await(() -> broker.registry().queue("a.0") == null);
            assertThat(refused(b, attachMany(b, "c.", 2))).isEqualTo(1);
        }
    }

    /**
     * Links are counted in memory and bounded per connection (its eighth of memory at 4 KiB each, at least 256): a
     * connection attaching links by the thousand to one address is refused past that, with
     * amqp:resource-limit-exceeded; what they took is given back as they go.
     */
    @Test
    void aConnectionAttachesAtMostItsShareOfLinks(@TempDir Path dir) throws Exception {
        Limits small = Limits.defaults().withMemory(8L << 20, 1L << 20);
        try (Broker broker = Broker.start(
                BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(small))) {
            long before;
            try (TestClient c = TestClient.connect(broker.ports().get(0), group, "links")) {
                attachMany(c, "one", 1); // the address, made once
                before = broker.memory().used();
                List<Sender> senders = c.call(() -> {
                    List<Sender> out = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        Sender s = c.session.sender("link-" + i);
                        s.source(new Source()).target(new Target().address("one0"));
                        s.attach();
                        out.add(s);
                    }
                    return out;
                });
                TestClient.await(() -> c.call(() -> senders.stream()
                        .allMatch(s -> s.remoteState() == EndpointState.ACTIVE || s.remoteDetach() != null)));
                // 256 links at most: the one made first and 255 of these.
                assertThat(refused(c, senders)).isEqualTo(300 - 255);
                assertThat(broker.memory().used() - before).isEqualTo(255 * BrokerConnection.LINK_HEAP);
                assertThat(broker.memory().messageBytes()).isZero();
            }
            TestClient.await(() -> broker.memory().used() == before - BrokerConnection.LINK_HEAP);
        }
    }
}
