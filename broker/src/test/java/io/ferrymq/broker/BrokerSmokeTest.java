package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.ferrymq.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSmokeTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transports.group(1, "test-client");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static BrokerConfig config(Path dir) {
        return BrokerConfig.defaults().withDataDir(dir).withPort(0);
    }

    @Test
    void sendsAndReceivesThroughAQueue(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir));
                TestClient client = TestClient.connect(broker.ports().get(0), group, "c1")) {
            Sender s = client.sender("orders");
            Delivery sent = client.send(s, "hello", true, 4);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.updated.contains(sent) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(sent.remoteState()).isEqualTo(Accepted.INSTANCE);
            Receiver r = client.receiver("orders", 10);
            Delivery d = client.next();
            assertThat(TestClient.text(d)).isEqualTo("hello");
            client.accept(d);
            assertThat(r.name()).startsWith("receiver");
        }
    }
}
