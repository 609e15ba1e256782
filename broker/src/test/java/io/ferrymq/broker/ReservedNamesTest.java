package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.Receiver;
import io.ferrymq.engine.Sender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names starting with '$' are the broker's own ($management and those to come): an attach to one it does not serve is
 * refused with amqp:not-found, and no queue of that name is made (messages to $management used to be stored in an
 * auto-created durable queue).
 */
class ReservedNamesTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    @Test
    void dollarNamesAreNotCreatedOnDemand(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "reserved")) {
            Sender s = c.sender("$management");
            TestClient.await(() -> c.call(() -> s.remoteDetach() != null));
            assertThat(c.call(() -> s.remoteDetach().error().condition())).isEqualTo(AmqpError.NOT_FOUND);
            assertThat(c.call(() -> s.remoteDetach().error().description())).contains("reserved");

            Receiver r = c.receiver("$sys.anything", 10);
            TestClient.await(() -> c.call(() -> r.remoteDetach() != null));
            assertThat(c.call(() -> r.remoteDetach().error().condition())).isEqualTo(AmqpError.NOT_FOUND);

            assertThat(broker.registry().queue("$management")).isNull();
            assertThat(broker.registry().queue("$sys.anything")).isNull();
            // Other names are still made on demand.
            c.send(c.sender("plain"), "x", true, 4);
            assertThat(broker.registry().queue("plain")).isNotNull();
        }
    }

    /** An address with a line break or a terminal escape, or of more than 1,024 characters, is refused. */
    @Test
    void addressesWithControlCharactersOrTooLongAreRefused(@TempDir Path dir) throws Exception {
        try (Broker broker =
                        Broker.start(BrokerConfig.defaults().withDataDir(dir).withPort(0));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "bad-names")) {
            for (String name : new String[] {"q\r\n12:00 [WARN] forged", "q\u001b[31mred", "x".repeat(1025)}) {
                Sender s = c.sender(name);
                TestClient.await(() -> c.call(() -> s.remoteDetach() != null));
                assertThat(c.call(() -> s.remoteDetach().error().condition())).isEqualTo(AmqpError.INVALID_FIELD);
                assertThat(c.call(() -> s.remoteDetach().error().description())).doesNotContain("\n", "\u001b");
                assertThat(broker.registry().queue(name)).isNull();
            }
            c.send(c.sender("x".repeat(1024)), "fits", true, 4);
        }
    }
}
