package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.Limits;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Sender;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One connection may park at most its share of unfinished messages (one largest message, or an eighth of the memory
 * limit): past it the connection is closed with amqp:resource-limit-exceeded and the frames it held are let go, while
 * other clients carry on. (Connections that started many large messages and never finished them filled the broker's
 * memory and held back every producer.)
 */
class PartialMessagesShareTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    @Test
    void aConnectionThatParksTooManyUnfinishedMessagesIsClosed(@TempDir Path dir) throws Exception {
        Limits limits = Limits.defaults().withMemory(64L << 20, 1L << 20);
        try (Broker broker = Broker.start(
                        BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(limits));
                TestClient parker = TestClient.connect(broker.ports().get(0), group, "parker");
                TestClient good = TestClient.connect(broker.ports().get(0), group, "good")) {
            // Share: max(1 MiB + a frame, 64 MiB / 8) = 8 MiB. Ten links each start a message of 1,000,000 bytes and
            // never finish it.
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                senders.add(parker.sender("parked." + i));
            }
            TestClient.await(() -> parker.call(() -> senders.stream().allMatch(s -> s.credit() > 0)));
            for (Sender s : senders) {
                parker.call(() -> {
                    Delivery started = s.begin(null, false, 0);
                    started.write(Unpooled.wrappedBuffer(new byte[1_000_000]), false);
                    return null;
                });
            }
            TestClient.await(() -> parker.closed.isDone());
            var close = parker.call(() -> parker.session.connection().remoteError());
            assertThat(close.condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
            assertThat(close.description()).contains("has not finished sending");
            TestClient.await(() -> broker.memory().messageBytes() < (1L << 20));

            Delivery fine = good.send(good.sender("good.q"), "still served", true, 4);
            TestClient.await(() -> fine.remoteState() instanceof Accepted);
        }
    }

    /** Starts {@code n} messages of 1,000,000 bytes on links of {@code c} and never finishes them. */
    private static void park(TestClient c, String prefix, int n) throws Exception {
        List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            senders.add(c.sender(prefix + i));
        }
        TestClient.await(() -> c.call(() -> senders.stream().allMatch(s -> s.credit() > 0)));
        for (Sender s : senders) {
            c.call(() -> {
                if (!c.closed.isDone()) {
                    s.begin(null, false, 0).write(Unpooled.wrappedBuffer(new byte[1_000_000]), false);
                }
                return null;
            });
        }
    }

    /**
     * A user's connections together park at most the user's share (a quarter of memory, 16 MiB here), though each
     * stays within its own (8 MiB): the connection that passes it is closed saying so, the others carry on.
     */
    @Test
    void aUsersConnectionsTogetherParkAtMostTheUsersShare(@TempDir Path dir) throws Exception {
        Limits limits = Limits.defaults().withMemory(64L << 20, 1L << 20);
        try (Broker broker = Broker.start(
                        BrokerConfig.defaults().withDataDir(dir).withPort(0).withLimits(limits));
                TestClient first = TestClient.connect(broker.ports().get(0), group, "first");
                TestClient second = TestClient.connect(broker.ports().get(0), group, "second");
                TestClient third = TestClient.connect(broker.ports().get(0), group, "third")) {
            park(first, "first.", 6);
            park(second, "second.", 6);
            TestClient.await(() -> broker.memory().messageBytes() >= 12_000_000L);
            park(third, "third.", 6);
            TestClient.await(() -> third.closed.isDone());
            var close = third.call(() -> third.session.connection().remoteError());
            assertThat(close.condition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
            assertThat(close.description()).contains("user 'anonymous' holds").contains("a user's share of 16777216");
            assertThat(first.closed.isDone()).isFalse();
            assertThat(second.closed.isDone()).isFalse();
            Delivery fine = first.send(first.sender("first.done"), "still served", true, 4);
            TestClient.await(() -> fine.remoteState() instanceof Accepted);
        }
    }
}
