package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.BrokerConfig;
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
 * A queue recovered from the journal takes the settings the operator owns from the configuration as it is now: raising
 * an address's max-messages from 5 to 10 and restarting gives queues of 10 (they kept 5).
 */
class ConfigOnRestartTest {
    private static final EventLoopGroup group = TestClient.sharedGroup();

    private static BrokerConfig config(Path dir, long maxMessages, String deadLetters) {
        return BrokerConfig.defaults()
                .withDataDir(dir)
                .withPort(0)
                .withAddresses(List.of(
                        AddressConfig.match("cfg.q")
                                .autoCreate(true)
                                .durable(true)
                                .maxMessages(maxMessages)
                                .deadLetterAddress(deadLetters)
                                .build(),
                        AddressConfig.match("#")
                                .autoCreate(true)
                                .durable(true)
                                .maxMessages(-1)
                                .maxBytes(-1)
                                .build()));
    }

    @Test
    void theConfigurationWinsOverTheSettingsAQueueWasCreatedWith(@TempDir Path dir) throws Exception {
        try (Broker broker = Broker.start(config(dir, 5, null));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "before")) {
            Sender s = c.sender("cfg.q");
            for (int i = 0; i < 5; i++) {
                c.send(s, "m" + i, true, 4);
            }
            assertThat(broker.registry().queue("cfg.q").settings().maxMessages())
                    .isEqualTo(5);
        }
        try (Broker broker = Broker.start(config(dir, 10, "cfg.dlq"));
                TestClient c = TestClient.connect(broker.ports().get(0), group, "after")) {
            var settings = broker.registry().queue("cfg.q").settings();
            assertThat(settings.maxMessages()).isEqualTo(10);
            assertThat(settings.deadLetterAddress()).isEqualTo("cfg.dlq");
            // Room for five more, as configured now.
            Sender s = c.sender("cfg.q");
            List<Delivery> sent = new ArrayList<>();
            for (int i = 5; i < 10; i++) {
                sent.add(c.send(s, "m" + i, true, 4));
            }
            TestClient.await(() -> sent.stream().allMatch(d -> d.remoteState() != null));
            assertThat(sent).allMatch(d -> d.remoteState() instanceof Accepted);
            assertThat(broker.registry().queue("cfg.q").depth()).isEqualTo(10);
        }
    }
}
