package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.Sender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker checks the application-properties it selects on before it stores a message: a malformed map (a nested
 * structure, a string claiming more bytes than there are) is rejected with amqp:decode-error, not forwarded to crash
 * its consumers; the connection and the queue carry on.
 */
class MalformedMessageTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    @Test
    void malformedApplicationPropertiesAreRejected(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "malformed")) {
            Sender s = c.sender("malformed.q");
            TestClient.await(() -> c.call(s::credit) > 0);
            ByteBuf nested = Unpooled.buffer();
            new Header().durable(true).encode(nested);
            new ApplicationProperties(Map.of("deep", Map.of("a", Map.of("b", 1)))).encode(nested);
            new AmqpValue("x").encode(nested);
            ByteBuf forged = Unpooled.buffer();
            new Header().durable(true).encode(forged);
            forged.writeByte(0x00)
                    .writeByte(0x53)
                    .writeByte(0x74)
                    .writeByte(0xc1)
                    .writeByte(9)
                    .writeByte(2);
            forged.writeByte(0xa1).writeByte(1).writeByte('k').writeByte(0xb1).writeInt(0xffff_fff0);
            new AmqpValue("x").encode(forged);
            for (ByteBuf bad : new ByteBuf[] {nested, forged}) {
                Delivery d = c.call(() -> s.send(null, bad, false));
                TestClient.await(() -> d.remoteState() != null);
                assertThat(d.remoteState())
                        .isInstanceOfSatisfying(
                                Rejected.class,
                                r -> assertThat(r.error().condition()).isEqualTo(AmqpError.DECODE_ERROR));
            }
            Delivery good = c.send(s, "fine", true, 4);
            TestClient.await(() -> good.remoteState() instanceof Accepted);
            assertThat(broker.registry().queue("malformed.q").depth()).isEqualTo(1);
        }
    }
}
