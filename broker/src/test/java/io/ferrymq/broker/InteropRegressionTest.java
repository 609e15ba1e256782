package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Sender;
import io.ferrymq.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker behaviour that the interoperability tests ({@code it/}, against Qpid JMS and protonj2)
 * found wrong, pinned down here with Ferry's own test client.
 */
class InteropRegressionTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transports.group(1, "test-client");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * The copy keeps the message's identity and body but not its expiry time, or every client
     * that honours expiry would find it already expired (Qpid JMS drops such messages unseen).
     */
    @Test
    void theCopyOfAnExpiredMessageHasNoExpiryTime(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient client = TestClient.connect(broker.ports().get(0), group, "expiry")) {
            long expiry = System.currentTimeMillis() + 200;
            ByteBuf message = Unpooled.buffer();
            new Header().durable(true).ttl(200).encode(message);
            new Properties().messageId("soon-gone").absoluteExpiryTime(expiry).encode(message);
            new AmqpValue("body").encode(message);
            Sender s = client.sender("short.lived");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.call(s::credit) == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            Delivery sent = client.call(() -> s.send(null, message, false));
            while (broker.registry().queue("short.lived").expiredCount() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            assertThat(sent.remoteState()).isNotNull();
            assertThat(broker.registry().queue("short.lived").expiredCount()).isEqualTo(1);

            client.receiver("ExpiryQueue", 10);
            Delivery copy = client.next();
            Decoder decoder = new Decoder();
            MessageView view = MessageView.parse(copy.payload().duplicate(), decoder);
            assertThat(view.header(decoder).ttl()).as("ttl (absent: -1)").isNotPositive();
            assertThat(view.header(decoder).durable()).isTrue();
            assertThat(view.properties(decoder).messageId()).isEqualTo("soon-gone");
            assertThat(view.properties(decoder).hasAbsoluteExpiryTime()).isFalse();
            assertThat(view.messageAnnotations(decoder).value())
                    .containsEntry(Symbol.valueOf("x-opt-expired"), true)
                    .containsEntry(Symbol.valueOf("x-opt-original-address"), "short.lived");
            assertThat(TestClient.text(copy)).isEqualTo("body");
            client.accept(copy);
        }
    }

    /**
     * A message a consumer refused with undeliverable-here stays on the queue for others, and
     * does not hold up, for that consumer, the messages sent after it.
     */
    @Test
    void aMessageRefusedHereDoesNotHoldUpTheOnesBehindIt(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient client = TestClient.connect(broker.ports().get(0), group, "refuser");
                TestClient other = TestClient.connect(broker.ports().get(0), group, "other")) {
            Sender s = client.sender("work");
            client.send(s, "refused", true, 4);
            client.receiver("work", 10);
            Delivery refused = client.next();
            assertThat(TestClient.text(refused)).isEqualTo("refused");
            client.call(() -> {
                refused.disposition(new Modified(true, true), true);
                return null;
            });
            client.send(s, "next", true, 4);
            Delivery next = client.next();
            assertThat(TestClient.text(next)).as("the message after the refused one").isEqualTo("next");
            client.accept(next);

            other.receiver("work", 10);
            Delivery elsewhere = other.next();
            assertThat(TestClient.text(elsewhere)).isEqualTo("refused");
            other.accept(elsewhere);
        }
    }
}
